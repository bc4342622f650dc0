package dev.timeline.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** API keys, problem details and CORS for a service: {@code @Import(WebSupport.class)}. */
@Configuration(proxyBeanMethods = false)
@ComponentScan(
        excludeFilters =
                @ComponentScan.Filter(
                        type = org.springframework.context.annotation.FilterType.REGEX,
                        pattern = "dev\\.timeline\\.web\\.health\\..*"))
@EnableConfigurationProperties(WebProperties.class)
public class WebSupport {}
