package dev.feedloop.demo;

import java.io.IOException;

/**
 * Receives the simulated traffic as it is generated, in timestamp order; a response always
 * arrives before the feedback about it. Lets a caller stream the world into a store or a file
 * without the simulator ever holding more than one day of events.
 */
public interface EventSink {

    void response(SimResponse response) throws IOException;

    void feedback(SimFeedback feedback) throws IOException;
}
