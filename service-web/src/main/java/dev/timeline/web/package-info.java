/**
 * What every HTTP service of the timeline does the same way, so a front-end meets one set of rules: per-tenant API
 * keys (only SHA-256 hashes configured, the request scoped to the key's tenant), RFC 9457 problem details with
 * stable types (also for what the embedded Tomcat refuses before the API, instead of its HTML pages), CORS for the
 * configured front-end origins, encoded slashes in path variables. A service takes it all with
 * {@code @Import(WebSupport.class)}.
 */
@NullMarked
package dev.timeline.web;

import org.jspecify.annotations.NullMarked;
