/**
 * What a timeline holds, for its filter drop-downs: the event names, types, sources, channels, directions and staff of
 * a customer's or a ticket's entries, with counts.
 */
@NullMarked
package dev.timeline.api.facets;

import org.jspecify.annotations.NullMarked;
