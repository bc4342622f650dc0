package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** A chatbot answered the customer on a messaging channel. */
public record ChatbotReplied(String botId, @Nullable String botName, Channel channel, String text) implements Payload {

    @Override
    public void validate(Violations v) {
        v.required("data.botId", botId).maxLength("data.botId", botId, Payload.NAME_MAX);
        Messages.validate(v, channel, null, text);
        v.required("data.text", text);
        v.maxLength("data.botName", botName, Payload.NAME_MAX);
    }
}
