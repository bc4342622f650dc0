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

/**
 * Authenticates every API request by its key and puts the key's tenant (and a hash of the key, for per-key limits) on
 * the request; anything else gets 401. The key comes in the {@value #HEADER} header; a live stream's request
 * ({@code GET …/stream}) may give it as the {@value #KEY_PARAMETER} parameter instead, because a browser's
 * {@code EventSource} cannot set headers.
 */
@Component
public class ApiKeyFilter extends OncePerRequestFilter {
    public static final String HEADER = "X-API-Key";
    public static final String TENANT = "dev.timeline.web.tenant";
    /** The request attribute holding the SHA-256 (hex) of the key the request came with. */
    public static final String KEY_HASH = "dev.timeline.web.key-hash";

    public static final String KEY_PARAMETER = "apiKey";
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
        if ((key == null || key.isBlank()) && isStream(request)) {
            key = request.getParameter(KEY_PARAMETER);
        }
        String hash = key == null || key.isBlank() ? null : ApiKeys.sha256(key.strip());
        String tenant = hash == null ? null : keys.tenantOfHash(hash).orElse(null);
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
        request.setAttribute(KEY_HASH, hash);
        chain.doFilter(request, response);
    }

    private static boolean isStream(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && request.getRequestURI().endsWith("/stream");
    }
}
