package org.bridgekeeper.observe;

import java.lang.System.Logger.Level;
import org.bridgekeeper.delivery.Attempt;
import org.bridgekeeper.delivery.Delivery;
import org.bridgekeeper.delivery.DeliveryObserver;

/**
 * The delivery log: one {@code info} line per final outcome (delivered after N attempts,
 * dead-lettered with the reason, cancelled) and a {@code debug} line per retry. A line names the
 * delivery, its event, rule and target by ids and ARNs and says what happened in our own words:
 * never a URL (a query string may hold a secret), a header, a payload or an answer's body.
 */
public final class DeliveryLog implements DeliveryObserver {

    private static final System.Logger LOG = System.getLogger("bridgekeeper.delivery");

    @Override
    public void attempted(Delivery d, Attempt a) {
        switch (a.result()) {
            case DELIVERED -> LOG.log(Level.INFO, () -> "delivered " + what(d) + " after " + attempts(a.number())
                    + status(a) + took(a));
            case DEAD -> LOG.log(Level.INFO, () -> "dead-lettered " + what(d) + " after " + attempts(a.number())
                    + status(a) + ": " + a.reason());
            case RETRY -> LOG.log(Level.DEBUG, () -> "attempt " + a.number() + " of " + what(d) + " failed" + status(a)
                    + ": " + a.reason() + "; next attempt at " + a.nextTime());
        }
    }

    @Override
    public void cancelled(Delivery d) {
        LOG.log(Level.INFO, () -> "cancelled " + what(d) + " after " + attempts(d.attempts()) + " (now a dead letter)");
    }

    private static String what(Delivery d) {
        return "delivery " + d.id() + " (event " + d.eventId() + ", rule " + d.bus() + "/" + d.rule() + ", target "
                + d.targetId() + " " + d.targetArn() + ")";
    }

    private static String attempts(int n) {
        return n == 1 ? "1 attempt" : n + " attempts";
    }

    private static String status(Attempt a) {
        return a.status() > 0 ? " (HTTP " + a.status() + ")" : "";
    }

    private static String took(Attempt a) {
        return a.latency() == null ? "" : " in " + a.latency().toMillis() + " ms";
    }
}
