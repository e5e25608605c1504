package io.credence.rules.notice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The PDF read back with Apache PDFBox, a reader that shares no code with OpenPDF. */
class NoticePdfTest {

    static final Notice DECLINED = Notice.of(NoticeFixtures.stored(2, "DECLINE"), NoticeFixtures.LENDER);
    static final Notice REFERRED = Notice.of(NoticeFixtures.stored(30, "REFER"), NoticeFixtures.LENDER);

    /** The page's text with every run of white space (line breaks of the layout) made one space. */
    static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
    }

    @Test
    void theExtractedTextHoldsTheReasonsTheEcoaNoticeTheCreditorAndTheScore() throws IOException {
        byte[] pdf = NoticePdf.render(DECLINED);
        Path file = Path.of("target", "notice-decline.pdf");
        Files.createDirectories(file.getParent());
        Files.write(file, pdf);

        String text = text(pdf);

        assertTrue(text.contains("1. " + NoticeFixtures.POLICY_REASON), text);
        assertTrue(text.contains("2. " + NoticeFixtures.MODEL_REASON), text);
        assertTrue(text.contains(Notice.ECOA_NOTICE + " Federal Trade Commission Consumer Response Center 600 Pennsylvania"
                + " Avenue NW Washington, DC 20580"), text);
        assertTrue(text.startsWith("First Example Bank 1 Main Street Springfield, IL 62701 March 2, 2026 Notice of action"
                + " taken on your application for credit Action taken We have denied your application for credit."), text);
        assertTrue(text.contains("Your credit score: 7.3 % Range of possible scores: 0 % to 100 %"), text);
        assertTrue(text.contains("Key factors that adversely affected your credit score: 1. status of checking account"), text);
        assertTrue(text.contains("Date the score was created: March 2, 2026"), text);
    }

    @Test
    void aReferralReadsAsNotApprovedAsSubmitted() throws IOException {
        String text = text(NoticePdf.render(REFERRED));

        assertTrue(text.contains("We cannot approve your application for credit as submitted."), text);
        assertTrue(text.contains("Principal reasons why we could not approve your application as submitted 1. "
                + NoticeFixtures.POLICY_REASON + " 2. " + NoticeFixtures.MODEL_REASON), text);
        assertTrue(text.contains(Notice.ECOA_NOTICE), text);
    }

    @Test
    void renderedTwiceItIsTheSameBytesDatedAtTheDecisionWithAnIdFromTheNotice() throws IOException {
        byte[] first = NoticePdf.render(DECLINED);
        byte[] second = NoticePdf.render(Notice.of(NoticeFixtures.stored(2, "DECLINE"), NoticeFixtures.LENDER));
        byte[] other = NoticePdf.render(REFERRED);

        assertArrayEquals(first, second);
        try (PDDocument doc = Loader.loadPDF(first); PDDocument referred = Loader.loadPDF(other)) {
            assertEquals(DECLINED.decidedAt().getEpochSecond(),
                    doc.getDocumentInformation().getCreationDate().toInstant().getEpochSecond(), "not the time of rendering");
            assertEquals(DECLINED.decidedAt().getEpochSecond(),
                    doc.getDocumentInformation().getModificationDate().toInstant().getEpochSecond());
            assertEquals(NoticePdf.PRODUCER, doc.getDocumentInformation().getProducer());
            assertEquals("First Example Bank", doc.getDocumentInformation().getAuthor());
            COSArray id = doc.getDocument().getDocumentID();
            String expected = HexFormat.of().formatHex(Arrays.copyOf(DECLINED.digest(), 16));
            assertEquals(expected, HexFormat.of().formatHex(((COSString) id.get(0)).getBytes()));
            assertFalse(Arrays.equals(((COSString) id.get(0)).getBytes(),
                    ((COSString) referred.getDocument().getDocumentID().get(0)).getBytes()), "another notice, another id");
        }
    }

    @Test
    void aCharacterTheFontsCannotShowIsPrintedAsAQuestionMarkNotDroppedUnseen() {
        assertEquals("DTI ? 45 % – 3 months late, 1 000 €", NoticePdf.printable("DTI ≤ 45 % – 3 months late, 1 000 €"));
        assertEquals("??", NoticePdf.printable("😀✓"), "one mark per character, also outside the BMP");
    }
}
