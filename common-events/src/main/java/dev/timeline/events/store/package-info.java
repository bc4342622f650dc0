/**
 * The stored shape of a timeline entry, shared by the service that writes it and the services that read it: field
 * names, index names and the entry id. Plain strings and JDK code only, so the contract stays free of any driver.
 */
@NullMarked
package dev.timeline.events.store;

import org.jspecify.annotations.NullMarked;
