/**
 * What a timeline request means, in one place for every service that answers one (the timeline API, exports): the
 * filter parameters and their validation ({@link dev.timeline.query.FilterParser}), the MongoDB criteria they become
 * ({@link dev.timeline.query.TimelineCriteria}) and the keyset cursor ({@link dev.timeline.query.CursorCodec}).
 */
@NullMarked
package dev.timeline.query;

import org.jspecify.annotations.NullMarked;
