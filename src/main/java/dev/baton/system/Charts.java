package dev.baton.system;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Small PNG charts for chat. Text is drawn with the bundled WenQuanYi Micro Hei font, so Chinese labels render on a
 * bare server without CJK fonts; rendering runs headless.
 */
public final class Charts {

    private static final Font BASE = loadFont();
    private static final int WIDTH = 720;
    private static final int ROW = 34;
    private static final Color BAR = new Color(0x2a, 0x9d, 0x8f);
    private static final Color TRACK = new Color(0xe9, 0xec, 0xef);
    private static final Color EARLIER = new Color(0x1d, 0x35, 0x57);

    private Charts() {
    }

    /**
     * One bar: a label, a value from 0 to 100, and an optional earlier value drawn as a marker. A {@link #heading}
     * is a row of text across the chart that starts a group of bars (a questionnaire's question, say).
     */
    public record Bar(String label, int percent, Integer earlier, String valueLabel) {

        private static final int HEADING = -1;

        public Bar(String label, int percent, Integer earlier) {
            this(label, percent, earlier, null);
        }

        public static Bar heading(String text) {
            return new Bar(text, HEADING, null, null);
        }

        boolean isHeading() {
            return percent == HEADING;
        }
    }

    public static Font font() {
        return BASE;
    }

    /** Horizontal bars of percentages with a title, e.g. OKR progress with last week's value as a marker. */
    public static byte[] bars(String title, List<Bar> bars, String legend) {
        System.setProperty("java.awt.headless", "true");
        int height = 70 + bars.size() * ROW + 40;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.DARK_GRAY);
            g.setFont(BASE.deriveFont(Font.BOLD, 20f));
            g.drawString(title, 20, 36);
            g.setFont(BASE.deriveFont(14f));
            int labelWidth = 300;
            int barX = 20 + labelWidth;
            int barWidth = WIDTH - barX - 100;
            int y = 60;
            for (Bar bar : bars) {
                if (bar.isHeading()) {
                    g.setColor(Color.BLACK);
                    g.setFont(BASE.deriveFont(Font.BOLD, 15f));
                    g.drawString(fit(g, bar.label(), WIDTH - 40), 20, y + 22);
                    g.setFont(BASE.deriveFont(14f));
                    y += ROW;
                    continue;
                }
                g.setColor(Color.DARK_GRAY);
                g.drawString(fit(g, bar.label(), labelWidth - 10), 20, y + 20);
                g.setColor(TRACK);
                g.fillRoundRect(barX, y + 6, barWidth, 18, 8, 8);
                g.setColor(BAR);
                g.fillRoundRect(barX, y + 6, barWidth * clamp(bar.percent()) / 100, 18, 8, 8);
                if (bar.earlier() != null) {
                    int x = barX + barWidth * clamp(bar.earlier()) / 100;
                    g.setColor(EARLIER);
                    g.setStroke(new BasicStroke(3));
                    g.drawLine(x, y + 2, x, y + 28);
                }
                g.setColor(Color.DARK_GRAY);
                g.drawString(bar.valueLabel() != null ? bar.valueLabel() : bar.percent() + "%", barX + barWidth + 10,
                        y + 20);
                y += ROW;
            }
            g.setColor(Color.GRAY);
            g.setFont(BASE.deriveFont(12f));
            g.drawString(legend, 20, height - 16);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String fit(Graphics2D g, String text, int width) {
        if (g.getFontMetrics().stringWidth(text) <= width) {
            return text;
        }
        String t = text;
        while (t.length() > 1 && g.getFontMetrics().stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }

    private static int clamp(int p) {
        return Math.max(0, Math.min(100, p));
    }

    private static Font loadFont() {
        try (InputStream in = Charts.class.getResourceAsStream("/fonts/wqy-microhei.ttc")) {
            if (in == null) {
                throw new IllegalStateException("The bundled chart font is missing");
            }
            return Font.createFonts(in)[0];
        } catch (IOException | FontFormatException e) {
            throw new IllegalStateException("Cannot load the bundled chart font", e);
        }
    }
}
