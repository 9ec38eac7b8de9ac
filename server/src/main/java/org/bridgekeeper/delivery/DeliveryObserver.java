package org.bridgekeeper.delivery;

/**
 * Hears of every attempt once its outcome is written (metrics, the delivery log); never slows or
 * fails delivery: it runs on the attempt's thread, so it must be quick, and what it throws is
 * logged and dropped.
 */
@FunctionalInterface
public interface DeliveryObserver {

    void attempted(Delivery delivery, Attempt attempt);

    /** A pending delivery cancelled by {@code Bridgekeeper.CancelDelivery}. */
    default void cancelled(Delivery delivery) {}

    DeliveryObserver NONE = (delivery, attempt) -> { };
}
