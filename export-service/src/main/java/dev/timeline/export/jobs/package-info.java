/**
 * Large exports as jobs: created (202), run in the background into a GridFS file so any replica can serve it, with
 * progress and cancel, expired by a sweep (no reliance on TTL indexes), and never left "running" after a restart.
 */
@NullMarked
package dev.timeline.export.jobs;

import org.jspecify.annotations.NullMarked;
