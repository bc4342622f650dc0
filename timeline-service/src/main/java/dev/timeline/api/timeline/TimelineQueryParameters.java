package dev.timeline.api.timeline;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks an endpoint that takes the timeline filters (and paging); the OpenAPI description lists them for it. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface TimelineQueryParameters {
    /** Whether it takes {@code limit} and {@code cursor} too; the facets take the filters only. */
    boolean paged() default true;
}
