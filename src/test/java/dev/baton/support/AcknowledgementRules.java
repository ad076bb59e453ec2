package dev.baton.support;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Holds what Baton answers Slack in its HTTP acknowledgements ({@code /slack/events}) to {@link SlackRules}: the
 * body is copied as it is written (nothing is held back, so the acknowledgement leaves when Baton flushes it) and
 * checked once the request is done.
 */
final class AcknowledgementRules implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Copying copying = new Copying((HttpServletResponse) response);
        chain.doFilter(request, copying);
        copying.flushWriter();
        if (copying.getStatus() != HttpServletResponse.SC_OK) {
            return; // a refused request: Slack shows nothing of it
        }
        String body = copying.copy.toString(StandardCharsets.UTF_8);
        try {
            SlackRules.acknowledgement(body).forEach(b -> SlackRules.VIOLATIONS.add("acknowledgement: " + b));
        } catch (RuntimeException e) {
            SlackRules.VIOLATIONS.add("acknowledgement unreadable: " + e);
        }
    }

    private static final class Copying extends HttpServletResponseWrapper {

        final ByteArrayOutputStream copy = new ByteArrayOutputStream();
        private ServletOutputStream stream;
        private PrintWriter writer;

        Copying(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream real = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        real.write(b);
                        copy.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        real.write(b, off, len);
                        copy.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        real.flush();
                    }

                    @Override
                    public boolean isReady() {
                        return real.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        real.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), StandardCharsets.UTF_8));
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            flushWriter();
            super.flushBuffer();
        }

        void flushWriter() {
            if (writer != null) {
                writer.flush();
            }
        }
    }
}
