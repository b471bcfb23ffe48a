package org.newsroom.gateway;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Works around a Reactor Netty bug that leaves a browser's request unanswered (reactor/reactor-netty#4361, present in
 * 1.3.6, the version Spring Boot 4.0.7 brings, and fixed upstream after 1.3.8, which is not available here). When a
 * request arrives on a kept-alive connection before the server has finished with the previous response, it is
 * queued; if that queued request is answered at once (a 403 from the CSRF check, say), the server can stop reading
 * the connection, and the browser's next request on it waits for an answer that never comes. It happened in the
 * gateway's tests: a dashboard's refund POST right after a refused one got no answer.
 *
 * <p>With {@code reactor.netty.http.server.lastFlushWhenNoRead} the previous response is finished as soon as the
 * next request arrives, so nothing is queued on that route (the analysis in reactor/reactor-netty#4347); the other
 * route, a client that pipelines requests, is one browsers do not take. The property is read once, when the server's
 * first connection is set up: this runs before the web server exists, and leaves an explicit setting alone. Remove it
 * with a Reactor Netty that has the fix.
 */
public final class KeepAliveReadStallWorkaround implements EnvironmentPostProcessor {

    private static final String PROPERTY = "reactor.netty.http.server.lastFlushWhenNoRead";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
    }
}
