package io.credence.rules.notice;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfDate;
import com.lowagie.text.pdf.PdfDictionary;
import com.lowagie.text.pdf.PdfEncryption;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfString;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;

/**
 * The notice as a PDF (US Letter, OpenPDF), deterministic: the same notice gives the same bytes
 * whenever and wherever it is made. OpenPDF would stamp the time of rendering and a random file
 * identifier; here the creation and modification dates are the decision's time, the producer is
 * fixed, and the file identifier is derived from the notice's text ({@link Notice#digest()}),
 * given to OpenPDF as the document information's {@code FileId} entry, which it writes as the
 * trailer's {@code /ID}. The fonts are the standard Helvetica (not embedded, so no subset with a
 * random name); a character outside Windows-1252, which they cannot show, is printed as {@code ?}
 * rather than dropped unseen.
 *
 * <pre>{@code
 * byte[] pdf = NoticePdf.render(notice);
 * }</pre>
 */
public final class NoticePdf {

    /** The producer written into every notice. */
    public static final String PRODUCER = "Credence adverse action notice (OpenPDF)";

    // OpenPDF's Font is mutable: a notice's fonts are its own, made for each rendering.
    private final Font title = new Font(Font.HELVETICA, 14, Font.BOLD);
    private final Font heading = new Font(Font.HELVETICA, 11, Font.BOLD);
    private final Font body = new Font(Font.HELVETICA, 10, Font.NORMAL);
    private final Font bold = new Font(Font.HELVETICA, 10, Font.BOLD);
    private final Font small = new Font(Font.HELVETICA, 7.5f, Font.NORMAL);

    private NoticePdf() {
    }

    /** The PDF's bytes. */
    public static byte[] render(Notice n) {
        return new NoticePdf().layOut(n);
    }

    private byte[] layOut(Notice n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        Document doc = new Document(PageSize.LETTER, 72, 72, 54, 54);
        try {
            PdfWriter writer = PdfWriter.getInstance(doc, out);
            doc.addTitle(n.title());
            doc.addSubject("Decision " + n.decisionId());
            doc.addAuthor(n.issuer().creditorName());
            doc.addCreator("Credence");
            doc.open();
            fixInfo(writer.getInfo(), n);

            paragraph(doc, n.issuer().creditorName(), bold, 0);
            for (String line : n.issuer().creditorAddress()) {
                paragraph(doc, line, body, 0);
            }
            Paragraph date = new Paragraph(printable(n.dateText()), body);
            date.setAlignment(Element.ALIGN_RIGHT);
            date.setSpacingBefore(6);
            doc.add(date);
            paragraph(doc, n.title(), title, 14);

            heading(doc, Notice.ACTION_HEADING);
            paragraph(doc, n.action().statement(), body, 0);

            heading(doc, n.action().reasonsHeading());
            if (n.reasons().isEmpty()) {
                paragraph(doc, Notice.NO_REASON, body, 0);
            } else {
                numbered(doc, n.reasons());
            }

            for (ScoreDisclosure s : n.scores()) {
                heading(doc, Notice.SCORE_HEADING);
                paragraph(doc, Notice.SCORE_INTRO, body, 0);
                item(doc, ScoreDisclosure.SCORE, s.score());
                item(doc, ScoreDisclosure.RANGE, s.range());
                item(doc, ScoreDisclosure.KEY_FACTORS, s.keyFactors().isEmpty() ? ScoreDisclosure.NO_KEY_FACTORS : "");
                if (!s.keyFactors().isEmpty()) {
                    numbered(doc, s.keyFactors());
                }
                item(doc, ScoreDisclosure.CREATED, s.createdText());
                item(doc, ScoreDisclosure.SOURCE, s.source());
            }

            NoticeSettings.ReportingAgency bureau = n.issuer().reportingAgency();
            if (bureau != null) {
                heading(doc, Notice.FCRA_HEADING);
                paragraph(doc, Notice.FCRA_NOTICE, body, 0);
                paragraph(doc, bureau.name(), bold, 6);
                for (String line : bureau.address()) {
                    paragraph(doc, line, body, 0);
                }
                paragraph(doc, Notice.FCRA_PHONE + ": " + bureau.phone(), body, 0);
            }

            heading(doc, Notice.ECOA_HEADING);
            paragraph(doc, Notice.ECOA_NOTICE, body, 0);
            paragraph(doc, n.issuer().agencyName(), bold, 6);
            for (String line : n.issuer().agencyAddress()) {
                paragraph(doc, line, body, 0);
            }
            paragraph(doc, n.reference(), small, 16);
        } catch (DocumentException e) {
            throw new IllegalStateException("the notice of decision " + n.decisionId() + " could not be laid out as PDF: "
                    + e.getMessage(), e);
        } finally {
            if (doc.isOpen()) {
                doc.close();
            }
        }
        return out.toByteArray();
    }

    /** The dates, producer and file identifier: from the notice, never from the clock or a random source. */
    private static void fixInfo(PdfDictionary info, Notice n) {
        GregorianCalendar at = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        at.setTimeInMillis(n.decidedAt().toEpochMilli());
        PdfDate date = new PdfDate(at);
        info.put(PdfName.CREATIONDATE, date);
        info.put(PdfName.MODDATE, date);
        info.put(PdfName.PRODUCER, new PdfString(PRODUCER));
        byte[] id = Arrays.copyOf(n.digest(), 16);
        info.put(PdfName.FILEID, PdfEncryption.createInfoId(id, id));
    }

    private void heading(Document doc, String text) throws DocumentException {
        Paragraph p = new Paragraph(printable(text), heading);
        p.setSpacingBefore(11);
        p.setSpacingAfter(3);
        doc.add(p);
    }

    /** The text with each character the standard fonts cannot show (outside Windows-1252) as {@code ?}. */
    static String printable(String text) {
        java.nio.charset.CharsetEncoder cp1252 = java.nio.charset.Charset.forName("windows-1252").newEncoder();
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            String ch = Character.toString(c);
            out.append(cp1252.canEncode(ch) ? ch : "?");
        });
        return out.toString();
    }

    private void paragraph(Document doc, String text, Font font, float spacingBefore) throws DocumentException {
        Paragraph p = new Paragraph(printable(text), font);
        p.setSpacingBefore(spacingBefore);
        doc.add(p);
    }

    private void item(Document doc, String label, String value) throws DocumentException {
        Paragraph p = new Paragraph();
        p.add(new Chunk(printable(label + ": "), bold));
        p.add(new Chunk(printable(value), body));
        p.setSpacingBefore(3);
        doc.add(p);
    }

    /** A numbered list, each number written with its item (so a reader extracts them together, in order). */
    private void numbered(Document doc, List<String> items) throws DocumentException {
        for (int i = 0; i < items.size(); i++) {
            Paragraph p = new Paragraph(printable((i + 1) + ". " + items.get(i)), body);
            p.setIndentationLeft(30);
            p.setFirstLineIndent(-14);
            p.setSpacingBefore(2);
            doc.add(p);
        }
    }
}
