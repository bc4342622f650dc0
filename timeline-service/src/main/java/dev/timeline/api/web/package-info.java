/** HTTP plumbing: RFC 9457 problem details with stable types, CORS for the front-end origins. */
@NullMarked
package dev.timeline.api.web;

import org.jspecify.annotations.NullMarked;
