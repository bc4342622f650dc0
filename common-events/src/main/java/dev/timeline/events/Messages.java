package dev.timeline.events;

import org.jspecify.annotations.Nullable;

final class Messages {
    private Messages() {}

    static void validate(
            Violations v, @Nullable Channel channel, @Nullable String conversationId, @Nullable String text) {
        v.required("data.channel", channel);
        if (channel != null && !channel.isMessaging()) {
            v.add("data.channel", "'" + channel.wire() + "' is not a messaging channel");
        }
        v.maxLength("data.conversationId", conversationId, Payload.NAME_MAX);
        v.maxLength("data.text", text, Payload.TEXT_MAX);
    }
}
