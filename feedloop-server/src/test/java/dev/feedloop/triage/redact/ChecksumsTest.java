package dev.feedloop.triage.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChecksumsTest {

    @Test
    void luhn_publishedTestCardNumbers_pass() {
        assertThat(Checksums.luhn("4111111111111111")).isTrue();
        assertThat(Checksums.luhn("378282246310005")).isTrue();
        assertThat(Checksums.luhn("6011 1111 1111 1117")).isTrue();
    }

    @Test
    void luhn_oneDigitChanged_fails() {
        assertThat(Checksums.luhn("4111111111111112")).isFalse();
        assertThat(Checksums.luhn("378282246310006")).isFalse();
    }

    @Test
    void luhn_noDigits_fails() {
        assertThat(Checksums.luhn("")).isFalse();
        assertThat(Checksums.luhn("abc")).isFalse();
    }

    @Test
    void ibanMod97_registryExamples_pass() {
        assertThat(Checksums.ibanMod97("GB82WEST12345698765432")).isTrue();
        assertThat(Checksums.ibanMod97("DE89370400440532013000")).isTrue();
        assertThat(Checksums.ibanMod97("FR1420041010050500013M02606")).isTrue();
    }

    @Test
    void ibanMod97_swappedDigits_fail() {
        assertThat(Checksums.ibanMod97("GB82WEST12345698765423")).isFalse();
        assertThat(Checksums.ibanMod97("DE98370400440532013000")).isFalse();
    }

    @Test
    void ibanMod97_lowerCaseOrSymbols_fail() {
        assertThat(Checksums.ibanMod97("gb82west12345698765432")).isFalse();
        assertThat(Checksums.ibanMod97("GB82 WEST")).isFalse();
        assertThat(Checksums.ibanMod97("GB8")).isFalse();
    }

    @Test
    void shannonEntropy_uniformAndConstantStrings_areBounds() {
        assertThat(Checksums.shannonEntropy("aaaaaaaa")).isZero();
        assertThat(Checksums.shannonEntropy("abcdefgh")).isEqualTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void classChangeRatio_randomKeyChangesMoreThanCamelCase() {
        assertThat(Checksums.classChangeRatio("q7Zk2PmX9aLw4RbT1nVc8YdE3sHf6GuJ"))
                .isGreaterThan(Checksums.classChangeRatio("ThisIsAVeryLongCamelCaseIdentifier2"));
    }
}
