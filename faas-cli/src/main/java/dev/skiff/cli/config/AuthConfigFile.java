package dev.skiff.cli.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.cli.CliException;
import dev.skiff.cli.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * faas-cli's {@code config.yml}: the credentials saved by {@code login}, one entry per gateway.
 *
 * <pre>
 * auths:
 * - gateway: http://127.0.0.1:8080
 *   auth: basic
 *   token: YWRtaW46c2VjcmV0
 * </pre>
 *
 * The file holds passwords, so it is written 0600 in a 0700 directory, through a temporary file
 * renamed over the old one: a crash never leaves half a file, and the mode is right from the start.
 */
public final class AuthConfigFile {
    private final Path file;

    /** The file's shape. */
    record Document(List<AuthEntry> auths) {
        Document {
            auths = auths == null ? List.of() : auths.stream().filter(a -> a != null).toList();
        }
    }

    public AuthConfigFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** The saved entries in file order; none when the file does not exist. */
    public List<AuthEntry> entries() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
        }
        var document = new YamlReader(null).read(file.toString(), text, Document.class);
        return document == null ? List.of() : document.auths();
    }

    /** The entry whose gateway is exactly {@code gateway}. */
    public Optional<AuthEntry> find(String gateway) {
        return entries().stream().filter(e -> gateway.equals(e.gateway())).findFirst();
    }

    /** Replaces the entry for the same gateway, or appends one; other entries stay as they are. */
    public void save(AuthEntry entry) {
        var entries = new ArrayList<>(entries());
        int index = indexOf(entries, entry.gateway());
        if (index >= 0) {
            entries.set(index, entry);
        } else {
            entries.add(entry);
        }
        write(entries);
    }

    /** @return false when there was no entry for {@code gateway} */
    public boolean remove(String gateway) {
        var entries = new ArrayList<>(entries());
        int index = indexOf(entries, gateway);
        if (index < 0) {
            return false;
        }
        entries.remove(index);
        write(entries);
        return true;
    }

    private static int indexOf(List<AuthEntry> entries, String gateway) {
        for (int i = 0; i < entries.size(); i++) {
            if (gateway.equals(entries.get(i).gateway())) {
                return i;
            }
        }
        return -1;
    }

    private void write(List<AuthEntry> entries) {
        Path temporary = null;
        try {
            var dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir, permissions("rwx------"));
            temporary = Files.createTempFile(dir, ".config", ".yml.tmp", permissions("rw-------"));
            Files.writeString(temporary, YamlReader.mapper().writeValueAsString(new Document(entries)));
            move(temporary, file);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the config file", e);
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage()
                    + " (set OPENFAAS_CONFIG to a writable directory)", e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static FileAttribute<?>[] permissions(String mode) {
        // Non-POSIX file systems (Windows) get their default ACLs.
        if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))};
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Only a leftover temporary file; the real one was written or the error was reported.
        }
    }
}
