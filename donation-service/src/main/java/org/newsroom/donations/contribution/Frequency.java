package org.newsroom.donations.contribution;

/** How often a reader gives: once, or every month or year through a Stripe subscription. */
public enum Frequency { ONE_OFF, MONTHLY, ANNUAL }
