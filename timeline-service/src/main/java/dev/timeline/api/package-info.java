/**
 * The timeline API: a customer's or a ticket's interaction timeline with combinable filters and keyset paging
 * ({@code timeline}), the interaction chart ({@code chart}), per-tenant API keys ({@code security}) and RFC 9457
 * problem details for everything a caller can get wrong ({@code web}).
 */
@NullMarked
package dev.timeline.api;

import org.jspecify.annotations.NullMarked;
