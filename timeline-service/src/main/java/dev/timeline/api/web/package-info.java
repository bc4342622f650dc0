/** The OpenAPI description; API keys, problem details and CORS come from the shared service-web module. */
@NullMarked
package dev.timeline.api.web;

import org.jspecify.annotations.NullMarked;
