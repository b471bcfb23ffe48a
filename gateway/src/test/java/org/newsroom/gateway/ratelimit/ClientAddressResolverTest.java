package org.newsroom.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private final ClientAddressResolver behindOurProxies = new ClientAddressResolver(List.of("10.0.0.0/8", "2001:db8::/32"));
    private final ClientAddressResolver exposed = new ClientAddressResolver(List.of());

    @Test
    void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeadersSay() {
        assertThat(exposed.clientOf("198.51.100.7", List.of("1.2.3.4"))).isEqualTo("198.51.100.7");
    }

    @Test
    void behindTrustedProxiesTheFirstUntrustedHopFromTheRightIsTheClient() {
        assertThat(behindOurProxies.clientOf("10.1.2.3", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(behindOurProxies.clientOf("10.1.2.3", List.of("198.51.100.7, 10.9.9.9"))).isEqualTo("198.51.100.7");
        // A client prepending a fake address: the hop our proxy saw is still the rightmost untrusted one.
        assertThat(behindOurProxies.clientOf("10.1.2.3", List.of("6.6.6.6, 198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(behindOurProxies.clientOf("10.1.2.3", List.of("203.0.113.5", "10.0.0.1"))).isEqualTo("203.0.113.5");
        assertThat(behindOurProxies.clientOf("2001:db8::1", List.of("2001:db9::5"))).isEqualTo("2001:db9::5");
    }

    @Test
    void anUntrustedPeerCannotPretendToBeAProxy() {
        assertThat(behindOurProxies.clientOf("198.51.100.7", List.of("10.0.0.1"))).isEqualTo("198.51.100.7");
        assertThat(behindOurProxies.clientOf("11.0.0.1", List.of("1.1.1.1"))).isEqualTo("11.0.0.1");
    }

    @Test
    void namesInHeadersAreNeverLookedUpAndBadConfigurationFailsFast() {
        assertThat(behindOurProxies.clientOf("10.1.2.3", List.of("evil.example"))).isEqualTo("evil.example");
        assertThatThrownBy(() -> new ClientAddressResolver(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientAddressResolver(List.of("proxy.internal"))).isInstanceOf(IllegalArgumentException.class);
    }
}
