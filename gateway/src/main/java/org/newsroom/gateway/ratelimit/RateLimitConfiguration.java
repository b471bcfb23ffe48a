package org.newsroom.gateway.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

@Configuration
class RateLimitConfiguration {

    /** Used by the routes' RequestRateLimiter filters as {@code #{@clientAddress}}. */
    @Bean
    ClientAddressResolver clientAddress(@Value("${gateway.trusted-proxies:}") List<String> trustedProxies) {
        return new ClientAddressResolver(trustedProxies);
    }

    /**
     * Spring Cloud Gateway's own Redis rate limiter and Lua script, with the script's text read once. The default
     * bean keeps the script as a classpath resource and asks, on every request, whether its file changed: inside a
     * jar that is a failed file lookup and an exception per rate-limited request (3 % of the gateway's CPU under load).
     */
    @Bean
    RedisRateLimiter redisRateLimiter(ReactiveStringRedisTemplate redis, ConfigurationService configuration) {
        return new RedisRateLimiter(redis, requestRateLimiterScript(), configuration);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RedisScript<List<Long>> requestRateLimiterScript() {
        try {
            String lua = new ClassPathResource("META-INF/scripts/request_rate_limiter.lua")
                    .getContentAsString(StandardCharsets.UTF_8);
            return (RedisScript) RedisScript.of(lua, List.class);
        } catch (IOException missing) {
            throw new UncheckedIOException("Spring Cloud Gateway's rate limiter script is not on the classpath", missing);
        }
    }
}
