package org.newsroom.ads.inventory;

/** An amount in the currency's minor units (cents, pence) and its ISO 4217 code. Never floating point. */
public record Money(long minorUnits, String currency) {
}
