/**
 * The timeline itself: a customer's or a ticket's events newest first, filtered and paged by keyset, and one event's
 * full detail.
 */
@NullMarked
package dev.timeline.api.timeline;

import org.jspecify.annotations.NullMarked;
