package org.newsroom.gateway.ratelimit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The address of the reader's machine, as rate limits must key on it: the TCP peer, unless that peer is one of our
 * own proxies (load balancer, CDN) named in the trusted list, in which case X-Forwarded-For is read from the right,
 * skipping our proxies, and the first address we do not trust is the client. A client that sends its own
 * X-Forwarded-For therefore cannot choose its key: entries left of the last untrusted hop are never read.
 */
public final class ClientAddressResolver implements KeyResolver {

    private final List<Cidr> trustedProxies;

    /** @param trustedProxies CIDR blocks (or single addresses) of the proxies in front of the gateway */
    public ClientAddressResolver(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(String::trim).filter(cidr -> !cidr.isEmpty())
                .map(Cidr::parse).toList();
    }

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
        String peerAddress = peer == null || peer.getAddress() == null ? "unknown" : peer.getAddress().getHostAddress();
        return Mono.just(clientOf(peerAddress, exchange.getRequest().getHeaders().getValuesAsList("X-Forwarded-For")));
    }

    /** Whether the request reached us through one of our own proxies, whose headers we may believe. */
    public boolean fromTrustedProxy(ServerWebExchange exchange) {
        InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
        return peer != null && peer.getAddress() != null && trusted(peer.getAddress().getHostAddress());
    }

    String clientOf(String peerAddress, List<String> forwardedFor) {
        if (!trusted(peerAddress)) {
            return peerAddress;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!trusted(hops.get(i))) {
                return hops.get(i);
            }
        }
        return hops.isEmpty() ? peerAddress : hops.getFirst();
    }

    private boolean trusted(String address) {
        byte[] bytes = Cidr.bytes(address);
        return bytes != null && trustedProxies.stream().anyMatch(cidr -> cidr.contains(bytes));
    }

    /** An address block: network bytes and prefix length, IPv4 or IPv6. */
    private record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            byte[] network = bytes(parts[0]);
            if (network == null) {
                throw new IllegalArgumentException("Not an IP address or CIDR block: " + text);
            }
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("Bad prefix length in " + text);
            }
            return new Cidr(network, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefix / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int remainingBits = prefix % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = (0xFF << (8 - remainingBits)) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }

        /** The address's bytes, only for literal IP addresses (never a DNS lookup). */
        static byte[] bytes(String address) {
            if (address == null || !address.matches("[0-9a-fA-F:.]+")) {
                return null;
            }
            try {
                return InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException notAnAddress) {
                return null;
            }
        }
    }
}
