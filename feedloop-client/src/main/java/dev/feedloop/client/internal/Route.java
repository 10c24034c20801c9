package dev.feedloop.client.internal;

/** The server routes events are posted to; responses sort before feedback within a flush. */
enum Route {
  RESPONSES("/v1/responses", "responses"),
  FEEDBACK("/v1/feedback", "feedback events");

  final String path;
  final String noun;

  Route(String path, String noun) {
    this.path = path;
    this.noun = noun;
  }
}
