#!/usr/bin/env python3
"""Packs the relative relocations of an x86-64 shared library into the RELR format (DT_RELR), in place.

Why: libjvm.so carries ~124,000 R_X86_64_RELATIVE relocations as RELA entries, 24 bytes each: 2.9 MB that
the dynamic loader reads once at start-up and that then stay in the process's RSS (file pages of the
mapping). RELR stores the same relocations as a bitmap of the words to adjust, a few KB, and keeps each
addend in the word itself. glibc reads DT_RELR since 2.36 (Debian 12, Ubuntu 22.10, RHEL 10); an older
glibc refuses the library with "version `GLIBC_ABI_DT_RELR' not found", which is why the library gets
that version dependency on libc.so.6 (glibc requires it of every object that has DT_RELR).

What changes: the addends go into the relocated words (file bytes of the data segment); the old RELA
table's space (in the read-only segment, where the loader never reads it again) holds a copy of the
dynamic string table with "GLIBC_ABI_DT_RELR" added, the version-needs table with that version added
under libc.so.6, the remaining (symbol) RELA entries and the RELR table; the rest of it is zeroed. The
dynamic section points at the new tables. Nothing else in the file moves.

Before writing, the result is checked: the relocated words, worked out as the loader would for a load
address, are the same from the RELR table as from the RELA entries, and no other byte of a loaded
segment differs. Any surprise in the input (another machine, a textrel, a relative relocation outside
the file's bytes, no room) stops with a message and leaves the file as it was.

Usage: pack-relocations.py LIBRARY
"""
import struct
import sys

DT_NULL, DT_STRTAB, DT_STRSZ, DT_RELA, DT_RELASZ, DT_RELAENT, DT_TEXTREL = 0, 5, 10, 7, 8, 9, 22
DT_RELRSZ, DT_RELR, DT_RELRENT = 35, 36, 37
DT_RELACOUNT, DT_VERNEED, DT_VERNEEDNUM, DT_VERDEF, DT_VERDEFNUM = 0x6FFFFFF9, 0x6FFFFFFE, 0x6FFFFFFF, 0x6FFFFFFC, 0x6FFFFFFD
PT_LOAD, PT_DYNAMIC = 1, 2
R_X86_64_RELATIVE = 8
RELR_VERSION = b"GLIBC_ABI_DT_RELR"
WORD = 8


class Refusal(Exception):
    pass


def elf_hash(name):
    h = 0
    for c in name:
        h = ((h << 4) + c) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h


class Library:
    def __init__(self, data):
        self.data = data
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise Refusal("not a 64-bit little-endian ELF file")
        e_type, e_machine = struct.unpack_from("<HH", data, 16)
        if e_type != 3 or e_machine != 62:
            raise Refusal("not an x86-64 shared library")
        e_phoff, = struct.unpack_from("<Q", data, 32)
        e_phentsize, e_phnum = struct.unpack_from("<HH", data, 54)
        self.loads, self.dynamic = [], None
        for i in range(e_phnum):
            p_type, _, p_offset, p_vaddr, _, p_filesz, p_memsz, _ = struct.unpack_from("<IIQQQQQQ", data, e_phoff + i * e_phentsize)
            if p_type == PT_LOAD:
                self.loads.append((p_vaddr, p_offset, p_filesz, p_memsz))
            elif p_type == PT_DYNAMIC:
                self.dynamic = (p_offset, p_filesz)
        if self.dynamic is None:
            raise Refusal("no dynamic section")
        self.entries = []
        offset, size = self.dynamic
        for at in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, at)
            if tag == DT_NULL:
                break
            self.entries.append((tag, value))
        self.tags = dict(self.entries)

    def file_offset(self, vaddr, length=1):
        for p_vaddr, p_offset, p_filesz, _ in self.loads:
            if p_vaddr <= vaddr and vaddr + length <= p_vaddr + p_filesz:
                return p_offset + vaddr - p_vaddr
        return None

    def cstring(self, offset):
        end = self.data.index(b"\0", offset)
        return bytes(self.data[offset:end])


def relr_encode(offsets):
    """The RELR table for sorted, word-aligned, distinct offsets: an address, then bitmaps of 63 words."""
    table, i, n = [], 0, len(offsets)
    while i < n:
        table.append(offsets[i])
        base = offsets[i] + WORD
        i += 1
        while True:
            bitmap = 0
            while i < n and offsets[i] - base < 63 * WORD:
                bitmap |= 1 << ((offsets[i] - base) // WORD)
                i += 1
            if bitmap == 0:
                break
            table.append((bitmap << 1) | 1)
            base += 63 * WORD
    return table


def relr_decode(table):
    offsets, where = [], 0
    for entry in table:
        if entry & 1 == 0:
            offsets.append(entry)
            where = entry + WORD
        else:
            bitmap, bit = entry >> 1, 0
            while bitmap:
                if bitmap & 1:
                    offsets.append(where + bit * WORD)
                bitmap >>= 1
                bit += 1
            where += 63 * WORD
    return offsets


def version_needs(lib):
    """[(file name offset, [(hash, flags, other, name offset)])] from the version-needs table."""
    needs, at = [], lib.file_offset(lib.tags[DT_VERNEED])
    for _ in range(lib.tags[DT_VERNEEDNUM]):
        _, count, file_name, aux, next_need = struct.unpack_from("<HHIII", lib.data, at)
        auxes, aux_at = [], at + aux
        for _ in range(count):
            vna_hash, flags, other, name, next_aux = struct.unpack_from("<IHHII", lib.data, aux_at)
            auxes.append((vna_hash, flags, other, name))
            aux_at += next_aux
        needs.append((file_name, auxes))
        at += next_need
    return needs


def highest_version_index(lib, needs):
    highest = max((other & 0x7FFF for _, auxes in needs for _, _, other, _ in auxes), default=1)
    if DT_VERDEF in lib.tags:
        at = lib.file_offset(lib.tags[DT_VERDEF])
        for _ in range(lib.tags.get(DT_VERDEFNUM, 0)):
            _, _, index, _, _, _, next_def = struct.unpack_from("<HHHHIII", lib.data, at)
            highest = max(highest, index & 0x7FFF)
            at += next_def
    return highest


def pack(lib):
    tags = lib.tags
    for tag, what in ((DT_RELR, "already has DT_RELR"), (DT_TEXTREL, "has text relocations")):
        if tag in tags:
            raise Refusal(what)
    for tag in (DT_RELA, DT_RELASZ, DT_STRTAB, DT_STRSZ, DT_VERNEED, DT_VERNEEDNUM):
        if tag not in tags:
            raise Refusal(f"no dynamic tag {tag:#x}")
    if tags.get(DT_RELAENT, 24) != 24:
        raise Refusal("unexpected RELA entry size")
    data = lib.data
    rela_addr, rela_size = tags[DT_RELA], tags[DT_RELASZ]
    rela_at = lib.file_offset(rela_addr, rela_size)
    if rela_at is None:
        raise Refusal("the RELA table is not in the file's bytes")

    relative, others = {}, []
    for at in range(rela_at, rela_at + rela_size, 24):
        r_offset, r_info, r_addend = struct.unpack_from("<QQq", data, at)
        if r_info & 0xFFFFFFFF == R_X86_64_RELATIVE and r_info >> 32 == 0:
            if r_offset % WORD or r_offset in relative or lib.file_offset(r_offset, WORD) is None:
                raise Refusal(f"relative relocation at {r_offset:#x} is unaligned, repeated or outside the file")
            relative[r_offset] = r_addend
        else:
            others.append(bytes(data[at:at + 24]))
    touched_by_others = {struct.unpack_from("<Q", o)[0] for o in others}
    if touched_by_others & relative.keys():
        raise Refusal("a word has both a relative and a symbol relocation")
    if not relative:
        raise Refusal("no relative relocations to pack")

    needs = version_needs(lib)
    strtab_at = lib.file_offset(tags[DT_STRTAB], tags[DT_STRSZ])
    strings = bytes(data[strtab_at:strtab_at + tags[DT_STRSZ]])
    libc = [i for i, (name, _) in enumerate(needs) if lib.cstring(strtab_at + name) == b"libc.so.6"]
    if not libc:
        raise Refusal("no version needs on libc.so.6")
    new_strings = strings + RELR_VERSION + b"\0"
    index = highest_version_index(lib, needs) + 1
    name, auxes = needs[libc[0]]
    needs[libc[0]] = (name, auxes + [(elf_hash(RELR_VERSION), 0, index, len(strings))])
    need_bytes = bytearray()
    for n, (file_name, auxes) in enumerate(needs):
        next_need = 16 + 16 * len(auxes) if n + 1 < len(needs) else 0
        need_bytes += struct.pack("<HHIII", 1, len(auxes), file_name, 16, next_need)
        for a, (vna_hash, flags, other, aux_name) in enumerate(auxes):
            need_bytes += struct.pack("<IHHII", vna_hash, flags, other, aux_name, 16 if a + 1 < len(auxes) else 0)

    offsets = sorted(relative)
    relr = relr_encode(offsets)
    if relr_decode(relr) != offsets:
        raise Refusal("RELR encoding does not round-trip")

    def align(value):
        return (value + WORD - 1) // WORD * WORD

    strings_addr = rela_addr
    needs_addr = align(strings_addr + len(new_strings))
    rela_new_addr = align(needs_addr + len(need_bytes))
    relr_addr = rela_new_addr + 24 * len(others)
    end = relr_addr + WORD * len(relr)
    if end > rela_addr + rela_size:
        raise Refusal("the new tables do not fit where the RELA table was")

    entries = [(t, v) for t, v in lib.entries if t != DT_RELACOUNT]
    replaced = {DT_STRTAB: strings_addr, DT_STRSZ: len(new_strings), DT_VERNEED: needs_addr,
                DT_RELA: rela_new_addr, DT_RELASZ: 24 * len(others)}
    entries = [(t, replaced.get(t, v)) for t, v in entries]
    entries += [(DT_RELR, relr_addr), (DT_RELRSZ, WORD * len(relr)), (DT_RELRENT, WORD), (DT_NULL, 0)]
    dyn_at, dyn_size = lib.dynamic
    if 16 * len(entries) > dyn_size:
        raise Refusal(f"the dynamic section has room for {dyn_size // 16} entries, {len(entries)} needed")

    out = bytearray(data)
    out[rela_at:rela_at + rela_size] = bytes(rela_size)
    region = bytearray()
    region += new_strings
    region += bytes(needs_addr - strings_addr - len(region)) + need_bytes
    region += bytes(rela_new_addr - strings_addr - len(region)) + b"".join(others)
    region += b"".join(struct.pack("<Q", e) for e in relr)
    out[rela_at:rela_at + len(region)] = region
    dynamic = b"".join(struct.pack("<qQ", t, v) for t, v in entries)
    out[dyn_at:dyn_at + dyn_size] = dynamic + bytes(dyn_size - len(dynamic))
    for r_offset, addend in relative.items():
        struct.pack_into("<q", out, lib.file_offset(r_offset, WORD), addend)
    point_sections(out, {tags[DT_STRTAB]: (strings_addr, len(new_strings)), tags[DT_VERNEED]: (needs_addr, len(need_bytes)),
                         rela_addr: (rela_new_addr, 24 * len(others))}, lib)
    check(lib, out, relative, relr, (rela_at, rela_at + rela_size), (dyn_at, dyn_at + dyn_size))
    return out, len(relative), rela_size, WORD * len(relr)


def point_sections(out, moves, lib):
    """Section headers of the moved tables name their new place, for readelf, gdb and friends (the loader
    reads only the dynamic section)."""
    e_shoff, = struct.unpack_from("<Q", out, 40)
    e_shentsize, e_shnum = struct.unpack_from("<HH", out, 58)
    for i in range(e_shnum if e_shoff else 0):
        at = e_shoff + i * e_shentsize
        sh_addr, = struct.unpack_from("<Q", out, at + 16)
        if sh_addr in moves:
            new_addr, new_size = moves[sh_addr]
            struct.pack_into("<QQQ", out, at + 16, new_addr, lib.file_offset(new_addr), new_size)


def check(lib, out, relative, relr, rela_span, dyn_span):
    """The loader's view of both files at a made-up load address must agree word for word."""
    base = 0x7F0000000000
    decoded = relr_decode(relr)
    if sorted(decoded) != sorted(relative):
        raise Refusal("check: the RELR table names other words than the RELA entries")
    for r_offset in decoded:
        at = lib.file_offset(r_offset, WORD)
        stored, = struct.unpack_from("<q", out, at)
        if (stored + base) & (2**64 - 1) != (relative[r_offset] + base) & (2**64 - 1):
            raise Refusal(f"check: the word at {r_offset:#x} would relocate differently")
    relocated = {lib.file_offset(r, WORD) // WORD for r in relative}
    for p_vaddr, p_offset, p_filesz, _ in lib.loads:
        for at in range(p_offset, p_offset + p_filesz, WORD):
            if out[at:at + WORD] == lib.data[at:at + WORD] or at // WORD in relocated:
                continue
            if rela_span[0] <= at < rela_span[1] or dyn_span[0] <= at < dyn_span[1]:
                continue
            raise Refusal(f"check: file offset {at:#x} changed outside the relocation tables")


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    path = argv[1]
    with open(path, "rb") as f:
        data = bytearray(f.read())
    try:
        out, count, rela_size, relr_size = pack(Library(data))
    except Refusal as refusal:
        print(f"pack-relocations: {path}: left as it was: {refusal}", file=sys.stderr)
        return 1
    with open(path, "wb") as f:
        f.write(out)
    print(f"    {path.rsplit('/', 1)[-1]}: {count} relative relocations, {rela_size} bytes of RELA -> {relr_size} bytes of RELR")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
