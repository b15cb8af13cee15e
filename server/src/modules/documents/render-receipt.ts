import {
  roomPair,
  type BookingSlot,
  type LocalizedText,
} from "@shared/booking";
import type { TestLanguage } from "@shared/enums";
import { createPdf, pdfToBuffer, qrPng } from "./pdf";

export interface ReceiptContent {
  bookingId: string;
  code: string;
  fullName: string;
  iin: string;
  program: LocalizedText;
  language: TestLanguage;
  slot: BookingSlot;
  /** Cancelling is possible until then, as printed (center time). */
  cancelUntil: string;
  statusUrl: string;
  /** The consent text version agreed to, and who collected it at a desk. */
  consentVersion: string;
  consentCollectedBy: string | null;
}

const LANGUAGE_NAMES: Record<TestLanguage, { kk: string; ru: string }> = {
  kk: { kk: "қазақ тілі", ru: "казахский язык" },
  ru: { kk: "орыс тілі", ru: "русский язык" },
};

/**
 * The booking receipt: one A4 page in Kazakh and Russian with the receipt
 * number, the candidate, program, language, date, time (center time with
 * its UTC offset) and place, and a QR code to the status page.
 */
export async function renderReceipt(content: ReceiptContent): Promise<Buffer> {
  const doc = createPdf({
    title: `Synaq ${content.bookingId}`,
    subject: "Тестілеуге жазылу түбіртегі / Квитанция о записи на тестирование",
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const qrSize = 130;

  doc.font("bold").fontSize(16).text("Тестілеуге жазылу түбіртегі", left, 48);
  doc.fontSize(14).text("Квитанция о записи на тестирование");
  doc.moveDown(0.3);
  doc
    .font("regular")
    .fontSize(10)
    .fillColor("#444")
    .text(
      "Мемлекеттік қызметшілер мен кандидаттарды тестілеу / Тестирование государственных служащих и кандидатов",
      { width: width - qrSize - 12 },
    )
    .fillColor("black");

  const qr = await qrPng(content.statusUrl, 400);
  doc.image(qr, left + width - qrSize, 44, { width: qrSize, height: qrSize });

  doc.y = Math.max(doc.y, 44 + qrSize) + 12;
  const labelWidth = 190;
  const row = (kk: string, ru: string, value: string, bold = false) => {
    const top = doc.y;
    doc.font("regular").fontSize(9).fillColor("#555");
    doc.text(kk, left, top, { width: labelWidth });
    doc.text(ru, left, doc.y, { width: labelWidth });
    const labelBottom = doc.y;
    doc
      .fillColor("black")
      .font(bold ? "bold" : "regular")
      .fontSize(11);
    doc.text(value, left + labelWidth + 10, top, {
      width: width - labelWidth - 10,
    });
    doc.y = Math.max(labelBottom, doc.y) + 8;
    doc
      .moveTo(left, doc.y - 4)
      .lineTo(left + width, doc.y - 4)
      .strokeColor("#ddd")
      .lineWidth(0.5)
      .stroke();
  };

  const { slot } = content;
  row("Түбіртек нөмірі", "Номер квитанции", content.bookingId, true);
  row(
    "Тегі, аты, әкесінің аты",
    "Фамилия, имя, отчество",
    content.fullName,
    true,
  );
  row("ЖСН", "ИИН", content.iin);
  row(
    "Тестілеу бағдарламасы",
    "Программа тестирования",
    `${content.program.kk}\n${content.program.ru}`,
  );
  const language = LANGUAGE_NAMES[content.language];
  row("Тестілеу тілі", "Язык тестирования", `${language.kk} / ${language.ru}`);
  row(
    "Күні мен уақыты",
    "Дата и время",
    `${slot.date} ${slot.time} (${slot.utcOffset})`,
    true,
  );
  row(
    "Өткізу орны",
    "Место проведения",
    `${slot.place.name.kk}\n${slot.place.address.kk}\n${slot.place.name.ru}\n${slot.place.address.ru}`,
  );
  row("Аудитория", "Аудитория", roomPair(slot.room.names));
  row("Жазылу коды", "Код записи", content.code, true);
  row("Бас тарту мерзімі", "Отменить запись можно до", content.cancelUntil);
  row(
    "Дербес деректерге келісім",
    "Согласие на обработку данных",
    `нұсқа / версия ${content.consentVersion}` +
      (content.consentCollectedBy
        ? `\n${content.consentCollectedBy} қабылдады / принял(а)`
        : ""),
  );

  doc.moveDown(0.5);
  doc.font("regular").fontSize(9.5).fillColor("black");
  doc.text(
    "Тестілеуге көрсетілген күні мен уақытта ЖСН көрсетілген жеке басын куәландыратын құжатпен келіңіз. " +
      "Өтініш мәртебесін QR-код немесе жазылу коды арқылы тексеруге және жазылудан бас тартуға болады.",
    left,
    doc.y,
    { width },
  );
  doc.moveDown(0.4);
  doc.text(
    "Явитесь на тестирование в указанные дату и время с документом, удостоверяющим личность, с ИИН. " +
      "Статус заявки можно проверить, а запись отменить по QR-коду или коду записи.",
    { width },
  );
  doc.moveDown(0.4);
  doc.fillColor("#555").fontSize(8).text(content.statusUrl, { width });

  return pdfToBuffer(doc);
}
