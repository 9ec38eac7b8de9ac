package org.bridgekeeper.observe;

import java.util.List;
import org.bridgekeeper.delivery.Attempt;
import org.bridgekeeper.delivery.Delivery;
import org.bridgekeeper.delivery.DeliveryObserver;

/** Several delivery observers as one, each guarded against the others' failures. */
public final class Observers implements DeliveryObserver {

    private static final System.Logger LOG = System.getLogger("bridgekeeper.delivery");

    private final List<DeliveryObserver> all;

    public Observers(List<DeliveryObserver> all) {
        this.all = List.copyOf(all);
    }

    @Override
    public void attempted(Delivery delivery, Attempt attempt) {
        for (DeliveryObserver o : all) {
            try {
                o.attempted(delivery, attempt);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an observer of delivery " + delivery.id() + " failed", e);
            }
        }
    }

    @Override
    public void cancelled(Delivery delivery) {
        for (DeliveryObserver o : all) {
            try {
                o.cancelled(delivery);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an observer of delivery " + delivery.id() + " failed", e);
            }
        }
    }
}
