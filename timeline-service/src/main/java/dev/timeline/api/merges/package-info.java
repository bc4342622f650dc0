/**
 * The merge log ("Hợp nhất khách hàng"): merges and undos as the ingest service recorded them from CRM events.
 */
@NullMarked
package dev.timeline.api.merges;

import org.jspecify.annotations.NullMarked;
