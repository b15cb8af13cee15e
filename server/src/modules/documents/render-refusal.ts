import type { StaffRole } from "@shared/enums";
import type { RefusalKind, RefusalReason } from "@shared/refusals";
import { formatLocalDateTime } from "@shared/time";
import { createPdf, pdfToBuffer } from "./pdf";

type Bilingual = { kk: string; ru: string };

/** Everything a refusal slip prints, from the stored refusal. */
export interface RefusalSlipContent {
  number: string;
  kind: RefusalKind;
  reason: RefusalReason;
  issuedAt: number;
  timezone: string;
  person: {
    /** As stated; "" when not. */
    fullName: string;
    /** Masked; "" when none was given. */
    maskedIin: string;
    /** False when what was typed is not a valid IIN (printed as typed). */
    iinValid: boolean;
  };
  slot: {
    program: Bilingual;
    center: Bilingual;
    address: Bilingual;
    room: Bilingual;
    startsAt: number;
    admissionOpensAt: number;
    lateAdmissionCutoffAt: number;
  };
  staff: { fullName: string; role: StaffRole };
  note: string;
  complaintWorkingDays: number;
}

const REGULATION: Bilingual = {
  kk: "«Мемлекеттік қызметшілерді және бос тұрған әкімшілік мемлекеттік лауазымға орналасуға кандидаттарды тестілеу» мемлекеттік көрсетілетін қызмет регламенті (Қазақстан Республикасының 2015 жылғы 8 маусымдағы № 184 бұйрығы)",
  ru: "Регламент государственной услуги «Тестирование государственных служащих и кандидатов на занятие вакантной административной государственной должности» (приказ № 184 от 8 июня 2015 года, Республика Казахстан)",
};

/**
 * One sentence per reason, in Kazakh and Russian: the rule it rests on
 * (the regulation, the slot's schedule or the program's rules) and how
 * this case fails it. `{opensAt}` and `{cutoff}` are the slot's admission
 * times, printed in the center's zone.
 */
export const REFUSAL_REASON_TEXTS: Record<RefusalReason, Bilingual> = {
  not_on_roster: {
    kk: "Регламентке сәйкес (№ 184 бұйрық) тестілеуге жеке басын куәландыратын құжаттағы ЖСН осы сеанста тестіленетін адамдар тізімінде болса ғана жіберіледі; бұл ЖСН сеанс тізімінде жоқ.",
    ru: "Согласно регламенту (приказ № 184), к тестированию допускается лицо, чей ИИН из документа, удостоверяющего личность, есть в списке лиц, тестируемых на данном сеансе; этого ИИН в списке сеанса нет.",
  },
  admission_not_open: {
    kk: "Сеанс кестесіне сәйкес сеансқа жіберу {opensAt} басталады; бұл уақытқа дейін тестілеуге жіберілмейді.",
    ru: "Согласно расписанию сеанса, допуск на сеанс начинается в {opensAt}; до этого времени к тестированию не допускают.",
  },
  admission_closed: {
    kk: "Сеанс кестесіне сәйкес кешігіп келгендерді жіберу {cutoff} аяқталды; бұл уақыттан кейін сеансқа жіберілмейді.",
    ru: "Согласно расписанию сеанса, допуск опоздавших закончился в {cutoff}; после этого времени на сеанс не допускают.",
  },
  invalid_iin: {
    kk: "Регламентке сәйкес (№ 184 бұйрық) тестілеуге жіберу мен жазылу жеке басын куәландыратын құжаттағы ЖСН бойынша жүргізіледі; көрсетілген нөмір жарамды ЖСН емес (бақылау цифры дұрыс 12 цифр).",
    ru: "Согласно регламенту (приказ № 184), допуск и запись производятся по ИИН из документа, удостоверяющего личность; названный номер не является действительным ИИН (12 цифр с верной контрольной цифрой).",
  },
  no_id_document: {
    kk: "Регламентке сәйкес (№ 184 бұйрық) тестілеуге жіберу және орталықта жазылу ЖСН көрсетілген жеке басын куәландыратын құжат тексерілгеннен кейін ғана жүргізіледі; мұндай құжат көрсетілмеді.",
    ru: "Согласно регламенту (приказ № 184), допуск к тестированию и запись в центре производятся только после проверки документа, удостоверяющего личность, с ИИН; такой документ не предъявлен.",
  },
  booking_cancelled: {
    kk: "Регламентке сәйкес (№ 184 бұйрық) тестілеуге осы сеансқа жазылуы күшінде тұрған адам жіберіледі; бұл жазылудың күші жойылған.",
    ru: "Согласно регламенту (приказ № 184), к тестированию допускается лицо с действующей записью на данный сеанс; эта запись отменена.",
  },
  booking_no_show: {
    kk: "Сеанс кестесіне сәйкес кешігіп келгендерді жіберу уақыты ({cutoff}) өткенде келмеген үміткердің жазылуы «келмеді» деп белгіленеді және ол бойынша тестілеуге жіберілмейді; бұл жазылу солай белгіленген.",
    ru: "Согласно расписанию сеанса, по окончании допуска опоздавших ({cutoff}) запись неявившегося отмечается как неявка и допуск по ней не производится; эта запись так отмечена.",
  },
  booking_completed: {
    kk: "Регламентке сәйкес (№ 184 бұйрық) бір жазылу бойынша тест бір рет тапсырылады; бұл жазылу бойынша тест тапсырылып қойған.",
    ru: "Согласно регламенту (приказ № 184), по одной записи тест сдаётся один раз; по этой записи тест уже сдан.",
  },
  certificate_required: {
    kk: "Тестілеу бағдарламасының қағидаларына сәйкес бұл бағдарлама бойынша алдыңғы бағдарламаның тестілеу күніне жарамды сертификаты бар адам ғана тестіленеді; үміткерде мұндай сертификат жоқ.",
    ru: "Согласно правилам программы тестирования, по этой программе тестируется только лицо с сертификатом предшествующей программы, действительным на дату тестирования; такого сертификата у кандидата нет.",
  },
  booking_already_booked: {
    kk: "Жазылу қағидаларына сәйкес бір адамның бір бағдарламаға бір ғана күшіндегі жазылуы болады; бұл ЖСН осы бағдарламаға жазылып қойған (басқа уақытқа жазылу үшін алдымен сол жазылудан бас тарту керек).",
    ru: "Согласно правилам записи, у одного лица может быть только одна действующая запись на программу; этот ИИН уже записан на эту программу (чтобы записаться на другое время, эту запись нужно сначала отменить).",
  },
  booking_slot_full: {
    kk: "Регламентке сәйкес (№ 184 бұйрық) жазылу бос орындарға ғана жүргізіледі; бұл сеанстағы барлық орын толған.",
    ru: "Согласно регламенту (приказ № 184), запись производится только на свободные места; все места на этом сеансе заняты.",
  },
  booking_slot_closed: {
    kk: "Сеанс кестесіне сәйкес сеансқа жазылу ол басталмас бұрын белгіленген мерзімде немесе сеанс тоқтатылғанда жабылады; бұл сеансқа жазылу жабық.",
    ru: "Согласно расписанию сеанса, запись на сеанс закрывается в установленный срок до его начала или при отмене сеанса; запись на этот сеанс закрыта.",
  },
  booking_retake_too_soon: {
    kk: "Тестілеу бағдарламасының қағидаларына сәйкес қайта тестілеуге алдыңғы тестілеуден кейін белгіленген мерзім өткен соң ғана жазылуға болады; бұл мерзім әлі өтпеген.",
    ru: "Согласно правилам программы тестирования, повторно записаться можно только по истечении установленного срока после предыдущего тестирования; этот срок ещё не истёк.",
  },
  booking_certificate_still_valid: {
    kk: "Тестілеу бағдарламасының қағидаларына сәйкес осы бағдарламаның (немесе оған баламаның) сертификаты жарамды кезде оған қайта жазылмайды; үміткердің жарамды сертификаты бар.",
    ru: "Согласно правилам программы тестирования, пока действует сертификат этой программы (или равнозначной), повторная запись на неё не производится; у кандидата есть действующий сертификат.",
  },
  booking_certificate_required: {
    kk: "Тестілеу бағдарламасының қағидаларына сәйкес бұл бағдарламаға алдыңғы бағдарламаның тестілеу күніне жарамды сертификаты бар адам ғана жазылады; мұндай сертификат жоқ.",
    ru: "Согласно правилам программы тестирования, на эту программу записывается только лицо с сертификатом предшествующей программы, действительным на дату тестирования; такого сертификата нет.",
  },
  booking_not_eligible: {
    kk: "Тестілеу бағдарламасының қағидаларына сәйкес бағдарлама лауазым санаты мен үміткер түріне қарай таңдалады; бұл бағдарлама көрсетілген лауазымға немесе үміткерге арналмаған.",
    ru: "Согласно правилам программы тестирования, программа определяется категорией должности и видом кандидата; эта программа не предназначена для указанной должности или кандидата.",
  },
  booking_language_not_offered: {
    kk: "Регламентке сәйкес (№ 184 бұйрық) тест бағдарлама ұсынылатын тілдердің ішінен үміткер таңдаған тілде (қазақ немесе орыс) өткізіледі; таңдалған тіл бұл бағдарлама үшін ұсынылмайды.",
    ru: "Согласно регламенту (приказ № 184), тест проводится на выбранном кандидатом языке (казахском или русском) из языков, на которых предлагается программа; выбранный язык для этой программы не предлагается.",
  },
};

const ROLE_NAMES: Record<StaffRole, Bilingual> = {
  administrator: { kk: "тестілеу әкімшісі", ru: "администратор тестирования" },
  operator: { kk: "тестілеу операторы", ru: "оператор тестирования" },
  manager: { kk: "орталық менеджері", ru: "менеджер центра" },
  reviewer: { kk: "сарапшы", ru: "проверяющий" },
  "network-manager": { kk: "желі менеджері", ru: "менеджер сети" },
};

/** "5 рабочих дней", "1 рабочего дня", "21 рабочего дня". */
function russianWorkingDays(days: number): string {
  return days % 10 === 1 && days % 100 !== 11
    ? `${days} рабочего дня`
    : `${days} рабочих дней`;
}

/** How to complain, with the deadline in working days. */
export function complaintText(days: number): Bilingual {
  return {
    kk:
      `Шағымдану тәртібі. Бұл бас тартумен келіспесеңіз, осы құжаттың нөмірін көрсетіп, тестілеу орталығының қызметкеріне немесе (жазылуыңыз болса) жазылу мәртебесі бетінде шағым бере аласыз; шағым тіркелген күнінен бастап ${days} жұмыс күні ішінде қаралады. ` +
      "Сондай-ақ мемлекеттік қызметтер көрсету сапасын бағалау және бақылау жөніндегі уәкілетті органға немесе Қазақстан Республикасының заңнамасында белгіленген тәртіппен сотқа жүгінуге құқығыңыз бар.",
    ru:
      `Порядок обжалования. Если вы не согласны с отказом, подайте жалобу, указав номер этого документа, сотруднику центра тестирования или (если у вас есть запись) на странице статуса записи; жалоба рассматривается в течение ${russianWorkingDays(days)} со дня регистрации. ` +
      "Вы также вправе обратиться в уполномоченный орган по оценке и контролю за качеством оказания государственных услуг или в суд в порядке, установленном законодательством Республики Казахстан.",
  };
}

/** The reason's sentences with the slot's times filled in. */
export function reasonText(
  reason: RefusalReason,
  times: { opensAt: string; cutoff: string },
): Bilingual {
  const fill = (text: string) =>
    text
      .replaceAll("{opensAt}", times.opensAt)
      .replaceAll("{cutoff}", times.cutoff);
  const text = REFUSAL_REASON_TEXTS[reason];
  return { kk: fill(text.kk), ru: fill(text.ru) };
}

/** What the person asked for, in both languages. */
function requestText(content: RefusalSlipContent): Bilingual {
  const { slot } = content;
  const when = formatLocalDateTime(slot.startsAt, content.timezone);
  return content.kind === "admission"
    ? {
        kk: `Тестілеуге жіберу: ${slot.program.kk}; ${slot.center.kk}, ${slot.room.kk} аудиториясы; ${when}.`,
        ru: `Допуск к тестированию: ${slot.program.ru}; ${slot.center.ru}, аудитория ${slot.room.ru}; ${when}.`,
      }
    : {
        kk: `Тестілеуге жазылу: ${slot.program.kk}; ${when} сеансы; ${slot.center.kk}, ${slot.room.kk} аудиториясы.`,
        ru: `Запись на тестирование: ${slot.program.ru}; сеанс ${when}; ${slot.center.ru}, аудитория ${slot.room.ru}.`,
      };
}

/**
 * The written refusal: one A4 page (two when the note is long) in Kazakh
 * and Russian, each field labelled in both: the number and when, who was
 * refused (IIN masked), what was asked, the reason under the rules, the
 * staff member, and how to complain. The same stored refusal always makes
 * the same bytes (its issue time is the PDF's creation date), so a reprint
 * is the document first handed over. No QR code and no signature: the
 * slip is evidence the person holds, and its number finds the record.
 */
export async function renderRefusalSlip(
  content: RefusalSlipContent,
): Promise<Buffer> {
  const title = {
    kk: "Бас тарту туралы жазбаша хабарлама",
    ru: "Письменное уведомление об отказе",
  };
  const doc = createPdf(
    { title: content.number },
    {
      info: {
        Title: `Synaq ${content.number}`,
        Subject: `${title.kk} / ${title.ru}`,
        Producer: "Synaq",
        Creator: "Synaq",
        CreationDate: new Date(content.issuedAt),
        ModDate: new Date(content.issuedAt),
      },
    },
  );
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.font("bold").fontSize(15).text(title.kk, left, 44, { width });
  doc.fontSize(13).text(title.ru, { width });
  doc.moveDown(0.3);
  doc
    .font("regular")
    .fontSize(8.5)
    .fillColor("#444")
    .text(`${REGULATION.kk}\n${REGULATION.ru}`, { width })
    .fillColor("black");
  doc.moveDown(0.6);

  const labelWidth = 170;
  const row = (label: Bilingual, value: string, bold = false) => {
    const top = doc.y;
    doc.font("regular").fontSize(8.5).fillColor("#555");
    doc.text(label.kk, left, top, { width: labelWidth });
    doc.text(label.ru, left, doc.y, { width: labelWidth });
    const labelBottom = doc.y;
    doc
      .fillColor("black")
      .font(bold ? "bold" : "regular")
      .fontSize(10);
    doc.text(value, left + labelWidth + 10, top, {
      width: width - labelWidth - 10,
    });
    doc.y = Math.max(labelBottom, doc.y) + 7;
    doc
      .moveTo(left, doc.y - 4)
      .lineTo(left + width, doc.y - 4)
      .strokeColor("#ddd")
      .lineWidth(0.5)
      .stroke();
  };

  const { person, slot, staff } = content;
  const role = ROLE_NAMES[staff.role];
  const request = requestText(content);
  row(
    { kk: "Тіркеу нөмірі", ru: "Регистрационный номер" },
    content.number,
    true,
  );
  row(
    { kk: "Күні мен уақыты", ru: "Дата и время" },
    formatLocalDateTime(content.issuedAt, content.timezone),
  );
  row(
    { kk: "Тегі, аты, әкесінің аты", ru: "Фамилия, имя, отчество" },
    person.fullName || "көрсетілмеген / не указано",
    true,
  );
  row(
    { kk: "ЖСН", ru: "ИИН" },
    !person.maskedIin
      ? "көрсетілмеген / не указан"
      : person.iinValid
        ? person.maskedIin
        : `${person.maskedIin} (енгізілгені бойынша, жарамсыз / как введён, недействителен)`,
  );
  row(
    { kk: "Сұралғаны", ru: "Что запрашивалось" },
    `${request.kk}\n${request.ru}`,
  );
  row(
    { kk: "Өткізу орны", ru: "Место проведения" },
    `${slot.center.kk}, ${slot.address.kk}\n${slot.center.ru}, ${slot.address.ru}`,
  );
  row(
    { kk: "Қызметкер", ru: "Сотрудник" },
    `${staff.fullName}\n${role.kk} / ${role.ru}`,
  );

  const reason = reasonText(content.reason, {
    opensAt: formatLocalDateTime(slot.admissionOpensAt, content.timezone),
    cutoff: formatLocalDateTime(slot.lateAdmissionCutoffAt, content.timezone),
  });
  const paragraph = (heading: string, text: string) => {
    doc.font("bold").fontSize(10.5).text(heading, left, doc.y, { width });
    doc.moveDown(0.15);
    doc.font("regular").fontSize(10).text(text, { width });
    doc.moveDown(0.5);
  };
  doc.moveDown(0.4);
  paragraph("Бас тарту себебі", reason.kk);
  paragraph("Причина отказа", reason.ru);
  if (content.note) paragraph("Ескертпе / Примечание", content.note);

  const complaint = complaintText(content.complaintWorkingDays);
  doc.font("regular").fontSize(9).fillColor("#222");
  doc.text(complaint.kk, left, doc.y, { width });
  doc.moveDown(0.4);
  doc.text(complaint.ru, { width });
  doc.fillColor("black");

  doc.moveDown(1.5);
  const signature = (label: string) => {
    doc.font("regular").fontSize(9);
    doc.text(`${label}  ______________________`, left, doc.y, { width });
    doc.moveDown(0.8);
  };
  signature("Қызметкердің қолы / Подпись сотрудника");
  signature("Алдым / Получил(а)");

  return pdfToBuffer(doc);
}
