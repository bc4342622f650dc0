package dev.timeline.api.web;

import dev.timeline.api.timeline.TimelineQueryParameters;
import dev.timeline.web.ApiKeyFilter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.stream.Stream;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final List<String[]> FILTER_PARAMETERS = List.of(
            new String[] {
                "q",
                "Words that must all occur in the event name or summary; case and Vietnamese diacritics are ignored (cuoc goi nho finds Cuộc gọi nhỡ). At most 100 characters, 8 words."
            },
            new String[] {"type", "Only these event types, e.g. email.sent (comma-separated or repeated)."},
            new String[] {"excludeType", "All but these event types, e.g. crm.stage-changed."},
            new String[] {"source", "Only events from these integrations, e.g. zalo-oa/4312."},
            new String[] {"excludeSource", "All but events from these integrations."},
            new String[] {
                "channel",
                "Only these channels: facebook instagram zalo livechat viber telegram sms phone email ticket workflow chatbot trigger crm."
            },
            new String[] {"direction", "inbound, outbound or internal."},
            new String[] {"staff", "Only events involving these staff ids."},
            new String[] {"from", "Earliest time: a date (the tenant's midnight) or an RFC 3339 timestamp."},
            new String[] {
                "to", "Latest time: a date (the whole day, in the tenant's time zone) or an RFC 3339 timestamp."
            });
    private static final List<String[]> TIMELINE_PARAMETERS = Stream.concat(
                    FILTER_PARAMETERS.stream(),
                    Stream.of(
                            new String[] {
                                "limit", "Page size, 1 to the configured maximum (200 by default); default 50."
                            },
                            new String[] {"cursor", "The nextCursor of the previous page, with the same filters."}))
            .toList();

    @Bean
    OpenAPI timelineOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Customer interaction timeline API")
                        .version("v1")
                        .description("Every interaction of a customer, on every channel, newest first."))
                .components(new Components()
                        .addSecuritySchemes(
                                "apiKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name(ApiKeyFilter.HEADER)))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    @Bean
    OperationCustomizer timelineQueryParameters() {
        return (operation, handler) -> {
            TimelineQueryParameters parameters = handler.getMethodAnnotation(TimelineQueryParameters.class);
            if (parameters != null) {
                for (String[] p : parameters.paged() ? TIMELINE_PARAMETERS : FILTER_PARAMETERS) {
                    operation.addParametersItem(new Parameter()
                            .in("query")
                            .name(p[0])
                            .description(p[1])
                            .schema(new StringSchema()));
                }
            }
            return operation;
        };
    }
}
