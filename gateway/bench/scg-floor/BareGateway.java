package bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Cloud Gateway with one route and nothing of ours: no security, rate limiter, circuit breaker, retry,
 * filters or observations. What it costs to proxy a decision is the least any Spring Cloud Gateway route costs on
 * the machine it runs on (gateway/bench/scg-floor).
 */
@SpringBootApplication
public class BareGateway {

    public static void main(String[] args) {
        SpringApplication.run(BareGateway.class, args);
    }
}
