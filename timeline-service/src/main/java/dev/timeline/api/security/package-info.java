/**
 * Per-tenant API keys: every {@code /api/**} request carries {@code X-API-Key}; the service keeps only SHA-256 hashes
 * (configured outside the code) and scopes the request to the key's tenant.
 */
@NullMarked
package dev.timeline.api.security;

import org.jspecify.annotations.NullMarked;
