package dev.baton.transcript;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Plays one chat platform for the transcripts: sends what people do, reads back what Baton sent. */
interface ChatDriver {

    /** A slash command; {@code channel} null means typed in the person's own chat with Baton. */
    void command(String user, String channel, String line) throws IOException, InterruptedException;

    void directMessage(String user, String text) throws IOException, InterruptedException;

    void mention(String user, String channel, String text) throws IOException, InterruptedException;

    void redeliver() throws IOException, InterruptedException;

    void click(String user, String label, String channel) throws IOException, InterruptedException;

    void submit(String user, Map<String, String> fields) throws IOException, InterruptedException;

    List<Observed> collect();
}
