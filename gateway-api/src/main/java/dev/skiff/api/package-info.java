/**
 * The gateway's wire types: one record per JSON shape of the OpenFaaS gateway API (shared/API.md),
 * written and read the way OpenFaaS's Go types are, so existing clients work unchanged.
 *
 * <p>Gateway, queue worker, faas-cli and tests all use these records and {@link dev.skiff.api.Json#mapper()}.
 */
package dev.skiff.api;
