package org.newsroom.donations.checkout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** A checkout request is a few hundred bytes: anything over 8 KiB is refused before it is read. */
@Component
class CheckoutBodyLimit extends OncePerRequestFilter {

    static final long MAX_BYTES = 8 * 1024;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/donations/checkouts");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BYTES) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            // Bytes, not the writer: JSON is UTF-8 and needs no charset parameter (the writer would add ISO-8859-1).
            response.getOutputStream().write(("{\"title\":\"Invalid request\",\"status\":400,"
                    + "\"detail\":\"Invalid field: body must be at most " + MAX_BYTES + " bytes\","
                    + "\"errors\":[{\"field\":\"body\",\"message\":\"must be at most " + MAX_BYTES + " bytes\"}]}")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }
}
