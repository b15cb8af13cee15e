/**
 * The staff account strings (one's own password, a manager's reset,
 * deactivation) in Kazakh, Russian and English; the console registers
 * them. Kazakh is the reference: Russian and English are typed by its keys,
 * so a missing key does not compile.
 */
import type { Messages } from "./message";

const accountsKk = {
  "nav.account": "Менің тіркелгім",
  "account.title": "Құпиясөзді өзгерту",
  "account.lead":
    "Жаңа құпиясөз сақталғанда осы тіркелгінің басқа құрылғылардағы сеанстары аяқталады.",
  "account.forcedTitle": "Жаңа құпиясөз орнатыңыз",
  "account.forcedLead":
    "Менеджер құпиясөзіңізді қалпына келтірді. Жұмысты жалғастыру үшін уақытша құпиясөзді өзіңіздің жаңа құпиясөзіңізге ауыстырыңыз.",
  "account.current": "Қазіргі құпиясөз",
  "account.new": "Жаңа құпиясөз",
  "account.repeat": "Жаңа құпиясөзді қайталаңыз",
  "account.policy":
    "Кемінде 12 таңба; пайдаланушы аты емес және жиі кездесетін құпиясөз емес.",
  "account.mismatch": "Құпиясөздер сәйкес келмейді.",
  "account.submit": "Құпиясөзді өзгерту",
  "account.changed": "Құпиясөз өзгертілді. Басқа сеанстар аяқталды.",

  "config.actions": "Әрекеттер",
  "config.demo": "демо",
  "config.resetPassword": "Құпиясөзді қалпына келтіру",
  "config.resetConfirmTitle": "{username} құпиясөзін қалпына келтіру керек пе?",
  "config.resetConfirmText":
    "Оның барлық сеанстары аяқталады. Уақытша құпиясөз бір рет қана көрсетіледі; қызметкер оны келесі кіргенде өзгертуі тиіс.",
  "config.temporaryPassword":
    "{username} үшін уақытша құпиясөз (тек қазір көрсетіледі, қызметкерге жеке беріңіз):",
  "config.deactivate": "Өшіру",
  "config.reactivate": "Қайта қосу",
  "config.deactivateConfirmTitle": "{username} тіркелгісін өшіру керек пе?",
  "config.deactivateConfirmText":
    "Оның сеанстары бірден аяқталады, ашық консольдері ажыратылады. Кейін қайта қосуға болады.",
  "config.deactivated": "{username} тіркелгісі өшірілді.",
  "config.reactivated": "{username} тіркелгісі қайта қосылды.",

  "error.weak_password":
    "Құпиясөз әлсіз: кемінде 12 таңба керек, пайдаланушы аты болмауы және жиі кездесетін құпиясөздер тізімінде болмауы тиіс.",
  "error.wrong_password": "Қазіргі құпиясөз қате.",
  "error.password_change_required": "Алдымен құпиясөзіңізді өзгертіңіз.",
  "error.account_deactivated":
    "Бұл тіркелгі өшірілген. Менеджерге хабарласыңыз.",
  "error.demo_account":
    "Бұл демо тіркелгі; өндірістік режимде демо тіркелгілермен кіруге болмайды.",
  "error.cannot_deactivate_self":
    "Өз тіркелгіңізді өшіре алмайсыз; басқа менеджерден сұраңыз.",
  "error.account_not_found": "Мұндай тіркелгі жоқ.",
};

export type AccountsKey = keyof typeof accountsKk;

const accountsRu: Record<AccountsKey, string> = {
  "nav.account": "Моя учётная запись",
  "account.title": "Смена пароля",
  "account.lead":
    "Когда новый пароль сохранён, сеансы этой учётной записи на других устройствах завершаются.",
  "account.forcedTitle": "Задайте новый пароль",
  "account.forcedLead":
    "Менеджер сбросил ваш пароль. Чтобы продолжить работу, замените временный пароль своим новым.",
  "account.current": "Текущий пароль",
  "account.new": "Новый пароль",
  "account.repeat": "Повторите новый пароль",
  "account.policy":
    "Не короче 12 символов; не имя пользователя и не распространённый пароль.",
  "account.mismatch": "Пароли не совпадают.",
  "account.submit": "Сменить пароль",
  "account.changed": "Пароль изменён. Другие сеансы завершены.",

  "config.actions": "Действия",
  "config.demo": "демо",
  "config.resetPassword": "Сбросить пароль",
  "config.resetConfirmTitle": "Сбросить пароль {username}?",
  "config.resetConfirmText":
    "Все его сеансы завершатся. Временный пароль будет показан один раз; сотрудник должен сменить его при следующем входе.",
  "config.temporaryPassword":
    "Временный пароль для {username} (показан только сейчас, передайте сотруднику лично):",
  "config.deactivate": "Отключить",
  "config.reactivate": "Включить снова",
  "config.deactivateConfirmTitle": "Отключить учётную запись {username}?",
  "config.deactivateConfirmText":
    "Её сеансы сразу завершатся, открытые консоли отключатся. Позже её можно включить снова.",
  "config.deactivated": "Учётная запись {username} отключена.",
  "config.reactivated": "Учётная запись {username} снова включена.",

  "error.weak_password":
    "Слабый пароль: нужно не меньше 12 символов, он не должен совпадать с именем пользователя и быть в списке распространённых паролей.",
  "error.wrong_password": "Текущий пароль неверен.",
  "error.password_change_required": "Сначала смените пароль.",
  "error.account_deactivated":
    "Эта учётная запись отключена. Обратитесь к менеджеру.",
  "error.demo_account":
    "Это демо-учётная запись; в рабочем режиме вход под демо-учётными записями запрещён.",
  "error.cannot_deactivate_self":
    "Нельзя отключить собственную учётную запись; попросите другого менеджера.",
  "error.account_not_found": "Такой учётной записи нет.",
};

const accountsEn: Record<AccountsKey, string> = {
  "nav.account": "My account",
  "account.title": "Change password",
  "account.lead":
    "Once the new password is saved, this account's sessions on other devices end.",
  "account.forcedTitle": "Set a new password",
  "account.forcedLead":
    "A manager reset your password. To go on, replace the temporary password with a new one of your own.",
  "account.current": "Current password",
  "account.new": "New password",
  "account.repeat": "Repeat the new password",
  "account.policy":
    "At least 12 characters; not the username and not a common password.",
  "account.mismatch": "The passwords do not match.",
  "account.submit": "Change password",
  "account.changed": "Password changed. Other sessions have ended.",

  "config.actions": "Actions",
  "config.demo": "demo",
  "config.resetPassword": "Reset password",
  "config.resetConfirmTitle": "Reset the password of {username}?",
  "config.resetConfirmText":
    "All their sessions end. The temporary password is shown once; they must change it at their next sign-in.",
  "config.temporaryPassword":
    "Temporary password for {username} (shown only now; hand it over in person):",
  "config.deactivate": "Deactivate",
  "config.reactivate": "Reactivate",
  "config.deactivateConfirmTitle": "Deactivate the account {username}?",
  "config.deactivateConfirmText":
    "Its sessions end at once and its open consoles disconnect. It can be reactivated later.",
  "config.deactivated": "The account {username} is deactivated.",
  "config.reactivated": "The account {username} is active again.",

  "error.weak_password":
    "The password is too weak: it needs at least 12 characters, must not be the username and must not be a common password.",
  "error.wrong_password": "The current password is wrong.",
  "error.password_change_required": "Change your password first.",
  "error.account_deactivated": "This account is deactivated. Ask a manager.",
  "error.demo_account":
    "This is a demo account; demo accounts cannot sign in in production.",
  "error.cannot_deactivate_self":
    "You cannot deactivate your own account; ask another manager.",
  "error.account_not_found": "No such account.",
};

export const accountsMessages: Messages<AccountsKey> = {
  kk: accountsKk,
  ru: accountsRu,
  en: accountsEn,
};
