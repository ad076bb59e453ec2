package dev.baton.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ChartsTest {

    @Test
    void theBundledFontDrawsChineseLabels() {
        assertThat(Charts.font().canDisplayUpTo("本周 OKR 进展 · 提升线索质量 · 复购率")).isEqualTo(-1);
    }

    @Test
    void drawsAPngWithOneRowPerBar() throws Exception {
        byte[] png = Charts.bars("本周 OKR 进展 · Marketing", List.of(
                new Charts.Bar("O-1 提升线索质量", 47, 20), new Charts.Bar("O-2 Content that converts", 120, null),
                new Charts.Bar("O-3 一个非常非常非常非常非常非常非常非常长的目标名称需要被截断", -5, 0)), "▌ 上周");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(720);
        assertThat(image.getHeight()).isEqualTo(70 + 3 * 34 + 40);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "chart-sample.png"), png); // for a person to look at
    }
}
