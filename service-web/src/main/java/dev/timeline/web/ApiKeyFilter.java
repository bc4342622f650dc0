package dev.timeline.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates every API request by its key and puts the key's tenant on the request; anything else gets 401. */
@Component
public class ApiKeyFilter extends OncePerRequestFilter {
    public static final String HEADER = "X-API-Key";
    public static final String TENANT = "dev.timeline.web.tenant";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final ApiKeys keys;

    ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
        if (keys.isEmpty()) {
            log.warn("No API keys configured (timeline.web.api-keys): every API request will be refused");
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") || "OPTIONS".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        String tenant =
                key == null || key.isBlank() ? null : keys.tenantOf(key.strip()).orElse(null);
        if (tenant == null) {
            ProblemDetail problem = Problems.of(
                    HttpStatus.UNAUTHORIZED,
                    "unauthenticated",
                    "Missing or unknown API key",
                    "Send the tenant's API key in the " + HEADER + " header.");
            response.setHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
            Problems.write(response, problem, request.getRequestURI());
            return;
        }
        request.setAttribute(TENANT, tenant);
        chain.doFilter(request, response);
    }
}
