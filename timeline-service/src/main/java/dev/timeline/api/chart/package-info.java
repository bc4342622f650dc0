/**
 * The interaction chart above the timeline: per time bucket of the tenant's calendar, the interactions per channel and
 * the accumulated engagement score.
 */
@NullMarked
package dev.timeline.api.chart;

import org.jspecify.annotations.NullMarked;
