// A deterministic synthetic corpus of recruitment/smuggling ads with ground truth: which template
// each ad was written from (null for one-off ads). The same n and seed always give the same ads.
//
// Templates are composed, not hand-listed, so that 5,000 of them are genuinely different texts:
// per language (BHS, Macedonian, Albanian, English) and topic (hospitality abroad, seasonal work,
// "massage"/hostess, "safe crossing" transport, visas) an opener skeleton, 3–6 detail phrases out
// of ~10 (more if the text would be short) in random order and layout, 1–3 boilerplate sentences
// shared by every topic, a contact line and sometimes an agency name, each with its words picked
// from alternatives. Templates on one topic therefore share skeletons and boilerplate verbatim —
// the hard negatives — and a quarter of them are written as rivals of an earlier template, copying
// its boilerplate and contact line word for word. Recruiters in one network share phones and photos across their templates,
// and stock photos recur across networks, so shared contacts and images are evidence, not proof.
//
// Each ad then varies its template the way reposts do: slots (phone in many spellings, some
// obfuscated; city; salary; name; age; date), 5–10 % of words dropped or swapped, sometimes a line
// left out or lines reordered, emoji, hashtags, script (Latin ↔ Serbian Cyrillic; Macedonian in
// Latin, sometimes the informal "sh/ch/zh" way that folding cannot undo; diacritics left out),
// shouting, a trailing "call now"; one in twenty is a verbatim repost. Ads run 150–600 characters.
// One ad in ten is a one-off written from a fresh template (a fifth of those copying an existing
// template's boilerplate).
import { cyrillicToLatin } from '../../shared/transliterate';
import { seededRandom } from '../helpers/seeded-random';

export interface GeneratedAd {
  id: number;
  text: string;
  contacts: string[];
  images: string[];
  /** the template the ad was written from; null for a one-off ad */
  template: number | null;
}

type Topic = 'hospitality' | 'seasonal' | 'hostess' | 'transport' | 'visa';
const TOPICS: readonly Topic[] = ['hospitality', 'seasonal', 'hostess', 'transport', 'visa'];
type Lang = 'bhs' | 'mk' | 'sq' | 'en';

/**
 * Phrases use `[a|b|c]` for alternatives (nestable) and `{SLOT}` for what each ad fills in:
 * CITY (destination), FROM (home town), PHONE, SAL, NAME, AGE, DATE.
 */
interface Phrasebook {
  topics: Record<Topic, { openers: string[]; details: string[] }>;
  shared: string[];
  contact: string[];
  callNow: string[];
  agency: string;
  cities: string[];
  from: string[];
  names: string[];
  currency: string[];
  numberWords: string[];
}

const BHS: Phrasebook = {
  topics: {
    hospitality: {
      openers: [
        '[HITNO!|Hitno!|Posao!|Nova ponuda!|] [Tražimo|Zapošljavamo|Potrebne su nam|Potrebne] [konobarice|šankerice|sobarice|pomoćne radnice u kuhinji|konobare i konobarice] za [rad|sezonu|stalni posao|rad na duže staze] u [restoranu|kafiću|hotelu|baru|piceriji] u {CITY}.',
        '[Restoran|Hotel|Kafić|Lokal] u [centru|blizini centra|turističkom dijelu] {CITY} [prima|zapošljava|traži] [djevojke|žene|radnice] za [posluživanje gostiju|rad za šankom|rad u sali|čišćenje soba].',
        '[Posao u inostranstvu|Rad u Austriji|Rad u ugostiteljstvu] – [konobarica|šankerica|sobarica] [sa ili bez iskustva|bez iskustva|sa minimalnim iskustvom], [početak {DATE}|početak odmah|odmah počinje].',
      ],
      details: [
        'radno vrijeme [8|9|10] sati[ dnevno|]', '[dva|jedan] slobodna dana [sedmično|nedeljno]', 'rad u [smjenama|dvije smjene|jutarnjoj smjeni]',
        '[bakšiš|napojnice] [ostaje vama|ide posebno|je vaš]', '[uniforma|radna odjeća] [obezbijeđena|dobija se od firme]',
        '[prijava|zdravstveno osiguranje|legalan ugovor] od prvog dana', '[njemački|engleski] jezik [nije uslov|je poželjan ali nije obavezan|nije potreban]',
        '[godine|uzrast] od {AGE}', '[plata|primanja|zarada] [{SAL} mjesečno|{SAL} neto|od {SAL} na ruke|{SAL} plus bakšiš]',
        '[mogućnost|šansa za] [produženja ugovora|stalnog zaposlenja|napredovanja]', '[rad sa gostima|kontakt sa gostima] u [prijatnom|mladom|vedrom] kolektivu',
      ],
    },
    seasonal: {
      openers: [
        '[Sezonski posao|Posao na farmi|Berba jagoda i šparglji|Berba voća|Rad na gradilištu|Rad u skladištu|Rad u fabrici] u [Njemačkoj|Austriji|Holandiji|Češkoj|Slovačkoj] ({CITY}) [od {DATE}|za ljeto|za period od [3|4|6] mjeseca].',
        '[Firma|Poslodavac|Naša agencija] iz {CITY} [traži|zapošljava|prima] [radnike|muškarce i žene|bračne parove|pomoćne radnike|vozače viljuškara] [za sezonu|na sezonskim poslovima|za rad od {DATE}].',
        '[Dobar posao|Siguran posao|Posao preko agencije] [za vrijedne ljude|za sve koji hoće da rade|i za one bez iskustva] – [Njemačka|Austrija|Holandija], [{CITY}|okolina {CITY}].',
      ],
      details: [
        'satnica [{SAL}|od {SAL}|{SAL} bruto]', '[prekovremeni|prekovremeni sati|subote] se [plaćaju|plaćaju posebno|plaćaju duplo]', 'radi se [10|11|9] sati dnevno',
        '[avans|akontacija] [po dolasku|nakon prve sedmice|od {SAL}]', '[troškove puta|kartu za autobus|put] plaća poslodavac', '[potrebni|traže se] radnici do {AGE} godina',
        '[može|mogu] i [parovi|prijatelji|cijele porodice]', '[iskustvo|znanje jezika] nije [potrebno|uslov|obavezno]', '[radna odjeća|zaštitna oprema|alat] [obezbijeđen|dobija se besplatno]',
        '[polazak|prevoz|odlazak] organizovan [{DATE}|svake sedmice|kombijem]', '[ugovor|radna dozvola|papiri] [sređujemo mi|preko naše agencije|za dvije sedmice]',
      ],
    },
    hostess: {
      openers: [
        '[Tražimo|Potrebne|Primamo] [mlade|zgodne|komunikativne|ljubazne] [djevojke|dame|hostese|plesačice] [{AGE} god.|od {AGE} godina] za [rad u masažnom salonu|posao hostese|animaciju gostiju|rad u noćnom klubu|društvo poslovnim ljudima] u {CITY}.',
        '[Ekskluzivan|Diskretan|Luksuzan|Elitni] [salon|klub|privatni klub] u {CITY} [traži|zapošljava|prima] [djevojke|saradnice|nove djevojke] – [odlični uslovi|velika zarada|bez iskustva].',
        '[Želiš da zaradiš|Hoćeš veliku zaradu|Želiš bolji život] [brzo|u inostranstvu|za kratko vrijeme]? [Posao za djevojke|Posao hostese|Rad u salonu] u {CITY}[, sve plaćeno|, hitno|].',
      ],
      details: [
        '[zarada|primanja] [od {SAL} sedmično|{SAL} i više|do {SAL} mjesečno|{SAL} za vikend]', '[diskrecija zagarantovana|potpuna diskrecija|anonimnost zagarantovana]',
        '[iskustvo nije potrebno|obuka na licu mjesta|sve ćemo te naučiti]', '[ne moraš znati jezik|jezik nije bitan|pričaš samo sa gostima]', '[pasoš je dovoljan|dovoljna je lična karta|samo pasoš]',
        '[stan|smještaj] [dobijaš odmah|plaća gazda|u istoj zgradi]', '[kartu|put|avionsku kartu] [plaćamo mi|plaćamo unaprijed|vraćaš od prve plate]',
        '[fotografiju|sliku] [pošalji u inbox|pošalji na viber|obavezno pošalji]', '[posao|rad] [samo vikendom|noću|po dogovoru]', '[bez obaveza|bez ugovora|slobodno biraš smjene]',
      ],
    },
    transport: {
      openers: [
        '[Siguran|Brz|Pouzdan|Provjeren] [prevoz|transfer|put|prelazak] [do Evrope|za EU|do Njemačke|do Italije|preko granice] [iz {FROM}|sa polaskom iz {FROM}], [bez pasoša|bez vize|bez čekanja|bez papira].',
        '[Želite u Evropu|Idete za Njemačku|Trebate prevoz do Italije|Želite na zapad]? [Vodimo vas|Prebacujemo vas|Vozimo vas] [sigurno|brzo|bez problema] [do {CITY}|preko granice|u EU].',
        '[Organizujemo|Nudimo|Radimo] [prevoz ljudi|grupne transfere|putovanja] [za EU|prema zapadu|do {CITY}] – [provjerena ruta|100% sigurno|već 5 godina|stotine zadovoljnih].',
      ],
      details: [
        '[garantovan prelaz|100% siguran prolaz|prelaz bez kontrole]', '[kroz Mađarsku|preko Hrvatske|preko Rumunije|kroz Sloveniju|preko Bosne]',
        '[plaćanje po dolasku|pola unaprijed pola po dolasku|plaćate tek kad stignete]', 'cijena [{SAL} po osobi|{SAL}|od {SAL}]',
        '[kombi|auto|kamion|kombi sa zatamnjenim staklima] [polazi svakog vikenda|kreće {DATE}|ide dva puta sedmično]', '[mjesta ograničena|broj mjesta je mali|još [3|5|7] slobodna mjesta]',
        '[djeca|porodice|žene sa djecom] [voze se besplatno|imaju popust|mogu]', '[vozač|vodič] [zna put|ima iskustva|prati grupu do kraja]', '[bez zadržavanja|noćna vožnja|bez stajanja]',
        '[ako ne uspije|ako vas vrate] [drugi pokušaj besplatno|vraćamo novac|ponavljamo bez doplate]',
      ],
    },
    visa: {
      openers: [
        '[Radne vize|Vize|Radne dozvole|Radne i turističke vize] za [Njemačku|Austriju|Maltu|Slovačku|Kanadu|Poljsku] [za samo {SAL}|za 7 dana|za par sedmica|bez čekanja], [bez dolaska u ambasadu|garantovano|100% sigurno|bez odbijenica].',
        '[Agencija|Naša agencija|Kancelarija] [u {FROM}|iz {FROM}|sa sjedištem u {FROM}] [sređuje|priprema|završava] [vize|papire|dokumenta] za [rad|život|putovanje] u [EU|Njemačkoj|Austriji|Kanadi].',
        '[Ne možete dobiti vizu|Odbijeni ste u ambasadi|Nemate papire|Problem sa vizom]? [Mi rješavamo|Pomažemo|Imamo rješenje] – [radna viza|pozivno pismo|radna dozvola] [za {CITY}|za EU|za Njemačku].',
      ],
      details: [
        '[sređujemo|pripremamo|vršimo] [kompletnu dokumentaciju|ugovor o radu|prevode i ovjere]', '[pozivno pismo|putno osiguranje|garantno pismo] [uključeno|besplatno|za {SAL}]',
        '[avionska karta|karta|prevoz do aerodroma] [uključena u cijenu|plaćena|obezbijeđena]', '[posao čeka odmah po dolasku|posao je garantovan|radite od prvog dana]',
        '[bez vašeg prisustva|bez odlaska u ambasadu|sve preko interneta]', '[plaćanje u dvije rate|pola unaprijed|ostatak kad dobijete vizu]', '[cijena|ukupno] [{SAL}|od {SAL}|{SAL} sa svim troškovima]',
        '[vaš pasoš|kopija pasoša|lična karta] [ostaje kod nas do vize|dovoljna za početak|šaljete slikom]', '[rok|rok izrade] [7 dana|dvije sedmice|do mjesec dana]', '[za vas i porodicu|i za članove porodice|i za djecu]',
      ],
    },
  },
  shared: [
    '[Smještaj i hrana obezbijeđeni.|Smještaj je besplatan.|Stan plaća poslodavac.|Smještaj obezbijeđen, hrana jedan obrok dnevno.|Besplatan smještaj u dvokrevetnim sobama.]',
    '[Putni troškovi plaćeni.|Put plaćamo mi.|Prevoz do mjesta rada je besplatan.|Karta se vraća od prve plate.]',
    '[Ozbiljne ponude.|Samo ozbiljni kandidati.|Ne zovite radi zezanja.|Javiti se samo ozbiljnim osobama.|Neozbiljne molim da se ne javljaju.]',
    '[Pišite u inbox.|Poruka u inbox za detalje.|Više informacija u privatnoj poruci.|Detalji u inbox.]',
    '[Isplata redovna.|Plata se isplaćuje redovno svakog mjeseca.|Isplata svake sedmice.|Plata na vrijeme, bez kašnjenja.]',
    '[Broj mjesta ograničen.|Požurite, mjesta su ograničena.|Prijave traju do popune.]',
    '[Dokumentaciju sređujemo mi.|Papire završavamo za vas.|Sve papire sređuje firma.]',
    '[Ne plaćate ništa unaprijed.|Bez ikakvih troškova za vas.|Agencija ne naplaćuje proviziju.]',
  ],
  contact: [
    '[Za više informacija|Za sve informacije|Sve detalje] [javite se|pozovite|pišite] [na broj|na viber|na whatsapp|na tel.] {PHONE}[ ({NAME})| – {NAME}|].',
    '[Kontakt|Tel|Info|Viber/WhatsApp]: {PHONE}[, {NAME}|]',
    '{NAME}, {PHONE}[ – zvati od 9 do 20h| – samo poruke| (i viber)|]',
  ],
  callNow: ['Pozovi odmah!', 'JAVI SE ODMAH 📞', 'Zovi sad!', 'Javite se što prije!', 'Pozovite odmah, mjesta se brzo popunjavaju!'],
  agency: '[Agencija|Firma|Posredovanje] {AGENCY}',
  cities: ['Beč', 'Minhen', 'Štutgart', 'Frankfurt', 'Berlin', 'Cirih', 'Grac', 'Salcburg', 'Hamburg', 'Keln', 'Linc', 'Insbruk'],
  from: ['Beograd', 'Sarajevo', 'Novi Sad', 'Niš', 'Tuzla', 'Banja Luka', 'Podgorica', 'Zenica', 'Mostar', 'Kragujevac', 'Bihać'],
  names: ['Marko', 'Ana', 'Jelena', 'Dragan', 'Ivana', 'Milica', 'Nikola', 'Goran', 'Sanja', 'Stefan', 'Đorđe', 'Mirza', 'Emina', 'Haris', 'Vesna'],
  currency: ['€', ' €', ' eura', ' evra', ' EUR', 'e', ' KM'],
  numberWords: ['nula', 'jedan', 'dva', 'tri', 'četiri', 'pet', 'šest', 'sedam', 'osam', 'devet'],
};

const MK: Phrasebook = {
  topics: {
    hospitality: {
      openers: [
        '[ИТНО!|Итно!|Нова понуда!|] [Бараме|Вработуваме|Ни требаат|Се бараат] [келнерки|шанкерки|собарки|помошнички во кујна|келнери и келнерки] за [работа|сезона|постојана работа] во [ресторан|кафуле|хотел|бар|пицерија] во {CITY}.',
        '[Ресторан|Хотел|Кафуле|Локал] во [центарот на|близина на центарот на|туристичкиот дел на] {CITY} [прима|вработува|бара] [девојки|жени|работнички] за [служење гости|работа на шанк|работа во сала|чистење соби].',
        '[Работа во странство|Работа во Австрија|Работа во угостителство] – [келнерка|шанкерка|собарка] [со или без искуство|без искуство|со минимално искуство], [почеток {DATE}|почеток веднаш|веднаш].',
      ],
      details: [
        'работно време [8|9|10] часа[ дневно|]', '[два|еден] слободни дена неделно', 'работа во [смени|две смени|утринска смена]', '[бакшишот|напојниците] [останува кај вас|се ваши|одат посебно]',
        '[униформа|работна облека] [обезбедена|од фирмата]', '[пријава|здравствено осигурување|легален договор] од прв ден', '[германски|англиски] јазик [не е услов|е пожелен|не е потребен]',
        'возраст од {AGE}', '[плата|заработка] [{SAL} месечно|{SAL} нето|од {SAL} во рака|{SAL} плус бакшиш]', 'можност за [продолжување на договорот|постојано вработување|напредување]',
      ],
    },
    seasonal: {
      openers: [
        '[Сезонска работа|Работа на фарма|Берба на јагоди|Берба на овошје|Работа на градилиште|Работа во магацин|Работа во фабрика] во [Германија|Австрија|Холандија|Чешка|Словачка] ({CITY}) [од {DATE}|за летото|за период од [3|4|6] месеци].',
        '[Фирма|Работодавач|Нашата агенција] од {CITY} [бара|вработува|прима] [работници|мажи и жени|брачни парови|помошни работници|возачи на виљушкар] [за сезоната|за сезонска работа|за работа од {DATE}].',
        '[Добра работа|Сигурна работа|Работа преку агенција] [за вредни луѓе|за сите што сакаат да работат|и за оние без искуство] – [Германија|Австрија|Холандија], [{CITY}|околина на {CITY}].',
      ],
      details: [
        '[плата по час|саатница] [{SAL}|од {SAL}|{SAL} бруто]', '[прекувремените часови|саботите] се [плаќаат|плаќаат посебно|плаќаат дупло]', 'се работи [10|11|9] часа дневно',
        '[аванс|аконтација] [по пристигнувањето|после првата недела|од {SAL}]', '[патните трошоци ги плаќа работодавачот|билетот го плаќа фирмата|патот е платен]',
        '[се бараат|потребни се] работници до {AGE} години', 'можат и [парови|пријатели|цели семејства]', '[искуство|познавање јазик] не е [потребно|услов|задолжително]',
        '[работна облека|заштитна опрема|алат] [обезбедена|добивате бесплатно]', '[поаѓање|превоз|заминување] [организирано {DATE}|секоја недела|со комби]',
      ],
    },
    hostess: {
      openers: [
        '[Бараме|Потребни се|Примаме] [млади|згодни|комуникативни|љубезни] [девојки|дами|хостеси|танчерки] [{AGE} год.|од {AGE} години] за [работа во салон за масажа|работа како хостеса|забава на гости|работа во ноќен клуб] во {CITY}.',
        '[Ексклузивен|Дискретен|Луксузен|Елитен] [салон|клуб|приватен клуб] во {CITY} [бара|вработува|прима] [девојки|соработнички|нови девојки] – [одлични услови|голема заработка|без искуство].',
        '[Сакаш да заработиш|Сакаш голема заработка|Сакаш подобар живот] [брзо|во странство|за кратко време]? [Работа за девојки|Работа како хостеса|Работа во салон] во {CITY}[, се е платено|, итно|].',
      ],
      details: [
        '[заработка|примања] [од {SAL} неделно|{SAL} и повеќе|до {SAL} месечно|{SAL} за викенд]', '[дискреција загарантирана|целосна дискреција|анонимност загарантирана]',
        '[искуство не е потребно|обука на лице место|ќе те научиме се]', '[не мора да знаеш јазик|јазикот не е битен]', '[пасош е доволен|доволна е лична карта|само пасош]',
        '[стан|сместување] [добиваш веднаш|плаќа газдата|во истата зграда]', '[билетот|патот|авионскиот билет] [го плаќаме ние|го плаќаме однапред|го враќаш од прва плата]',
        '[фотографија|слика] [прати во инбокс|прати на вибер|задолжително прати]', '[работа|работиш] [само викенд|ноќе|по договор]',
      ],
    },
    transport: {
      openers: [
        '[Сигурен|Брз|Доверлив|Проверен] [превоз|трансфер|пат|премин] [до Европа|за ЕУ|до Германија|до Италија|преку граница] [од {FROM}|со поаѓање од {FROM}], [без пасош|без виза|без чекање|без документи].',
        '[Сакате во Европа|Одите за Германија|Ви треба превоз до Италија]? [Ве носиме|Ве префрламе|Ве возиме] [сигурно|брзо|без проблем] [до {CITY}|преку граница|во ЕУ].',
        '[Организираме|Нудиме|Правиме] [превоз на луѓе|групни трансфери|патувања] [за ЕУ|кон запад|до {CITY}] – [проверена рута|100% сигурно|веќе 5 години].',
      ],
      details: [
        '[гарантиран премин|100% сигурен премин|премин без контрола]', '[преку Србија|преку Унгарија|преку Бугарија|преку Грција]',
        '[плаќање по пристигнување|половина однапред половина по пристигнување|плаќате кога ќе стигнете]', 'цена [{SAL} по лице|{SAL}|од {SAL}]',
        '[комби|автомобил|камион] [тргнува секој викенд|тргнува {DATE}|оди двапати неделно]', '[местата се ограничени|бројот на места е мал|уште [3|5|7] слободни места]',
        '[децата|семејствата] [патуваат бесплатно|имаат попуст]', '[возачот|водичот] [го знае патот|има искуство|ја следи групата до крај]', '[ако не успее|ако ве вратат] [втор обид бесплатно|ви ги враќаме парите]',
      ],
    },
    visa: {
      openers: [
        '[Работни визи|Визи|Работни дозволи] за [Германија|Австрија|Малта|Словачка|Канада|Полска] [за само {SAL}|за 7 дена|за неколку недели|без чекање], [без одење во амбасада|загарантирано|100% сигурно].',
        '[Агенција|Нашата агенција|Канцеларија] [во {FROM}|од {FROM}] [средува|подготвува|завршува] [визи|документи|хартии] за [работа|живот|патување] во [ЕУ|Германија|Австрија|Канада].',
        '[Не можете да добиете виза|Одбиени сте во амбасада|Немате документи]? [Ние решаваме|Помагаме|Имаме решение] – [работна виза|покана|работна дозвола] [за {CITY}|за ЕУ|за Германија].',
      ],
      details: [
        '[средуваме|подготвуваме] [комплетна документација|договор за работа|преводи и заверки]', '[покана|патничко осигурување|гарантно писмо] [вклучено|бесплатно|за {SAL}]',
        '[авионски билет|билет|превоз до аеродром] [вклучен во цената|платен|обезбеден]', '[работата чека веднаш по пристигнувањето|работата е загарантирана|работите од прв ден]',
        '[без ваше присуство|без одење во амбасада|се преку интернет]', '[плаќање на две рати|половина однапред|остатокот кога ќе ја добиете визата]',
        '[цена|вкупно] [{SAL}|од {SAL}|{SAL} со сите трошоци]', '[рок|рок на изработка] [7 дена|две недели|до еден месец]',
      ],
    },
  },
  shared: [
    '[Сместување и храна обезбедени.|Сместувањето е бесплатно.|Станот го плаќа работодавачот.|Бесплатно сместување во двокреветни соби.]',
    '[Патните трошоци се платени.|Патот го плаќаме ние.|Превозот до работното место е бесплатен.]',
    '[Сериозни понуди.|Само сериозни кандидати.|Несериозни да не се јавуваат.]',
    '[Пишете во инбокс.|Порака во инбокс за детали.|Повеќе информации во приватна порака.]',
    '[Исплата редовна.|Платата се исплаќа редовно секој месец.|Исплата секоја недела.]',
    '[Бројот на места е ограничен.|Побрзајте, местата се ограничени.]',
    '[Документите ги средуваме ние.|Сите документи ги средува фирмата.]',
    '[Не плаќате ништо однапред.|Без никакви трошоци за вас.]',
  ],
  contact: [
    '[За повеќе информации|За сите информации|Сите детали] [јавете се|повикајте|пишете] [на број|на вибер|на вотсап|на тел.] {PHONE}[ ({NAME})| – {NAME}|].',
    '[Контакт|Тел|Инфо|Viber/WhatsApp]: {PHONE}[, {NAME}|]',
    '{NAME}, {PHONE}[ – од 9 до 20 часот| – само пораки| (и вибер)|]',
  ],
  callNow: ['Јави се веднаш!', 'ПОВИКАЈ ВЕДНАШ 📞', 'Јавете се што побрзо!'],
  agency: '[Агенција|Фирма] {AGENCY}',
  cities: ['Виена', 'Минхен', 'Штутгарт', 'Франкфурт', 'Берлин', 'Цирих', 'Грац', 'Салцбург', 'Хамбург', 'Келн'],
  from: ['Скопје', 'Битола', 'Куманово', 'Тетово', 'Охрид', 'Прилеп', 'Струмица', 'Велес'],
  names: ['Горан', 'Марија', 'Елена', 'Александар', 'Ивана', 'Зоран', 'Билјана', 'Стефан', 'Никола', 'Весна', 'Ѓорѓи'],
  currency: ['€', ' €', ' евра', ' EUR', ' денари'],
  numberWords: ['нула', 'еден', 'два', 'три', 'четири', 'пет', 'шест', 'седум', 'осум', 'девет'],
};

const SQ: Phrasebook = {
  topics: {
    hospitality: {
      openers: [
        '[URGJENT!|Urgjent!|Ofertë e re!|] [Kërkojmë|Punësojmë|Kemi nevojë për] [kameriere|banakiere|pastruese dhomash|ndihmëse kuzhine|kamerierë dhe kameriere] për [punë|sezonin|punë të përhershme] në [restorant|kafene|hotel|bar|piceri] në {CITY}.',
        '[Restorant|Hotel|Kafene|Lokal] në [qendër të|afër qendrës së|zonën turistike të] {CITY} [punëson|kërkon|pranon] [vajza|gra|punëtore] për [shërbim ndaj klientëve|punë në banak|punë në sallë|pastrim dhomash].',
        '[Punë jashtë shtetit|Punë në Austri|Punë në hoteleri] – [kameriere|banakiere|pastruese] [me ose pa përvojë|pa përvojë|me pak përvojë], [fillim më {DATE}|fillim menjëherë|menjëherë].',
      ],
      details: [
        'orari i punës [8|9|10] orë[ në ditë|]', '[dy|një] ditë pushim në javë', 'punë me [turne|dy turne|turn mëngjesi]', '[bakshishi|bakshishet] [mbetet për ju|janë tuajat|ndahen veçmas]',
        '[uniforma|rrobat e punës] [sigurohen|jepen nga firma]', '[sigurim shëndetësor|kontratë e rregullt|deklarim] që nga dita e parë',
        'gjuha [gjermane|angleze] [nuk është kusht|është e preferueshme|nuk nevojitet]', 'mosha {AGE} vjeç',
        '[paga|të ardhurat] [{SAL} në muaj|{SAL} neto|nga {SAL} në dorë|{SAL} plus bakshish]', 'mundësi për [vazhdim kontrate|punësim të përhershëm|avancim]',
      ],
    },
    seasonal: {
      openers: [
        '[Punë sezonale|Punë në fermë|Vjelje luleshtrydhesh|Vjelje frutash|Punë në ndërtim|Punë në magazinë|Punë në fabrikë] në [Gjermani|Austri|Holandë|Çeki|Sllovaki] ({CITY}) [nga {DATE}|për verën|për [3|4|6] muaj].',
        '[Firma|Punëdhënësi|Agjencia jonë] nga {CITY} [kërkon|punëson|pranon] [punëtorë|burra dhe gra|çifte|punëtorë ndihmës|shoferë pirunësh] [për sezonin|për punë sezonale|për punë nga {DATE}].',
        '[Punë e mirë|Punë e sigurt|Punë përmes agjencisë] [për njerëz punëtorë|për të gjithë që duan të punojnë|edhe për ata pa përvojë] – [Gjermani|Austri|Holandë], [{CITY}|rrethina e {CITY}].',
      ],
      details: [
        'pagesa për orë [{SAL}|nga {SAL}|{SAL} bruto]', '[orët shtesë|të shtunat] [paguhen|paguhen veçmas|paguhen dyfish]', 'punohet [10|11|9] orë në ditë',
        '[paradhënie|avans] [pas mbërritjes|pas javës së parë|prej {SAL}]', '[shpenzimet e udhëtimit|biletën e autobusit|rrugën] i paguan punëdhënësi',
        '[kërkohen|nevojiten] punëtorë deri në {AGE} vjeç', 'mund të vijnë edhe [çifte|shokë|familje të tëra]', '[përvoja|njohja e gjuhës] nuk është [e nevojshme|kusht|e detyrueshme]',
        '[rrobat e punës|pajisjet mbrojtëse|veglat] [sigurohen|jepen falas]', '[nisja|transporti] [organizohet {DATE}|çdo javë|me furgon]',
      ],
    },
    hostess: {
      openers: [
        '[Kërkojmë|Nevojiten|Pranojmë] [vajza|zonja|hostesa|balerina] [të reja|të bukura|komunikuese|të sjellshme] [{AGE} vjeç|nga {AGE} vjeç] për [punë në sallon masazhi|punë si hostesë|argëtim të mysafirëve|punë në klub nate] në {CITY}.',
        '[Sallon|Klub|Klub privat] [ekskluziv|diskret|luksoz|elitar] në {CITY} [kërkon|punëson|pranon] [vajza|bashkëpunëtore|vajza të reja] – [kushte shumë të mira|fitim i madh|pa përvojë].',
        '[Do të fitosh|Dëshiron fitim të madh|Dëshiron jetë më të mirë] [shpejt|jashtë shtetit|për pak kohë]? [Punë për vajza|Punë si hostesë|Punë në sallon] në {CITY}[, gjithçka e paguar|, urgjent|].',
      ],
      details: [
        '[fitimi|të ardhurat] [nga {SAL} në javë|{SAL} e më shumë|deri në {SAL} në muaj|{SAL} për fundjavë]', '[diskrecion i garantuar|diskrecion i plotë|anonimitet i garantuar]',
        '[përvoja nuk nevojitet|trajnim në vend|do të të mësojmë gjithçka]', '[nuk duhet të dish gjuhën|gjuha nuk ka rëndësi]', '[mjafton pasaporta|mjafton letërnjoftimi|vetëm pasaporta]',
        '[banesën|akomodimin] [e merr menjëherë|e paguan pronari|në të njëjtën ndërtesë]', '[biletën|rrugën|biletën e avionit] [e paguajmë ne|e paguajmë paraprakisht|e kthen nga paga e parë]',
        '[foton|një fotografi] [dërgoje në inbox|dërgoje në viber|dërgo patjetër]', 'punë [vetëm në fundjavë|natën|sipas marrëveshjes]',
      ],
    },
    transport: {
      openers: [
        '[Transport i sigurt|Transport i shpejtë|Udhëtim i sigurt|Kalim i provuar] [për në Evropë|për BE|për në Gjermani|për në Itali|përtej kufirit] [nga {FROM}|me nisje nga {FROM}], [pa pasaportë|pa vizë|pa pritje|pa dokumente].',
        '[Doni të shkoni në Evropë|Shkoni në Gjermani|Ju duhet transport për në Itali]? [Ju dërgojmë|Ju kalojmë|Ju çojmë] [sigurt|shpejt|pa problem] [deri në {CITY}|përtej kufirit|në BE].',
        '[Organizojmë|Ofrojmë|Bëjmë] [transport njerëzish|transferta grupore|udhëtime] [për BE|drejt perëndimit|deri në {CITY}] – [rrugë e provuar|100% e sigurt|që prej 5 vitesh].',
      ],
      details: [
        '[kalim i garantuar|kalim 100% i sigurt|kalim pa kontroll]', '[përmes Malit të Zi|përmes Serbisë|përmes Hungarisë|përmes Greqisë]',
        '[pagesa pas mbërritjes|gjysma paraprakisht gjysma pas mbërritjes|paguani kur të arrini]', 'çmimi [{SAL} për person|{SAL}|nga {SAL}]',
        '[furgoni|makina|kamioni] [niset çdo fundjavë|niset më {DATE}|shkon dy herë në javë]', '[vendet janë të kufizuara|numri i vendeve është i vogël|edhe [3|5|7] vende të lira]',
        '[fëmijët|familjet] [udhëtojnë falas|kanë zbritje]', '[shoferi|udhërrëfyesi] [e njeh rrugën|ka përvojë|e shoqëron grupin deri në fund]', '[nëse nuk ia dalim|nëse ju kthejnë] [provë e dytë falas|ju kthejmë paratë]',
      ],
    },
    visa: {
      openers: [
        '[Viza pune|Viza|Leje pune] për [Gjermani|Austri|Maltë|Sllovaki|Kanada|Poloni] [për vetëm {SAL}|për 7 ditë|për disa javë|pa pritje], [pa shkuar në ambasadë|të garantuara|100% e sigurt].',
        '[Agjenci|Agjencia jonë|Zyra jonë] [në {FROM}|nga {FROM}] [rregullon|përgatit|përfundon] [viza|dokumente|letra] për [punë|jetë|udhëtim] në [BE|Gjermani|Austri|Kanada].',
        '[Nuk merrni dot vizë|Ju refuzuan në ambasadë|Nuk keni dokumente]? [Ne e zgjidhim|Ne ndihmojmë|Kemi zgjidhje] – [vizë pune|ftesë|leje pune] [për {CITY}|për BE|për Gjermani].',
      ],
      details: [
        '[rregullojmë|përgatisim] [dokumentacionin e plotë|kontratën e punës|përkthime dhe noterizime]', '[ftesa|sigurimi i udhëtimit|letra garancie] [përfshihet|falas|për {SAL}]',
        '[bileta e avionit|bileta|transporti deri në aeroport] [përfshihet në çmim|e paguar|e siguruar]', '[puna ju pret menjëherë pas mbërritjes|puna është e garantuar|punoni që nga dita e parë]',
        '[pa praninë tuaj|pa shkuar në ambasadë|gjithçka online]', '[pagesa në dy këste|gjysma paraprakisht|pjesa tjetër kur të merrni vizën]',
        '[çmimi|gjithsej] [{SAL}|nga {SAL}|{SAL} me të gjitha shpenzimet]', '[afati|afati i përgatitjes] [7 ditë|dy javë|deri në një muaj]',
      ],
    },
  },
  shared: [
    '[Akomodimi dhe ushqimi falas.|Akomodimi është falas.|Banesën e paguan punëdhënësi.|Akomodim falas në dhoma dyshe.]',
    '[Shpenzimet e udhëtimit të paguara.|Rrugën e paguajmë ne.|Transporti deri në vendin e punës është falas.]',
    '[Oferta serioze.|Vetëm kandidatë seriozë.|Të pa seriozët mos na shkruani.]',
    '[Shkruani në inbox.|Mesazh në inbox për detaje.|Më shumë informacion në mesazh privat.]',
    '[Pagesa e rregullt.|Paga paguhet rregullisht çdo muaj.|Pagesa çdo javë.]',
    '[Numri i vendeve është i kufizuar.|Nxitoni, vendet janë të kufizuara.]',
    '[Dokumentet i rregullojmë ne.|Të gjitha dokumentet i rregullon firma.]',
    '[Nuk paguani asgjë paraprakisht.|Pa asnjë shpenzim për ju.]',
  ],
  contact: [
    '[Për më shumë informacion|Për të gjitha informacionet|Për detaje] [na kontaktoni|telefononi|shkruani] [në numrin|në viber|në whatsapp|në tel.] {PHONE}[ ({NAME})| – {NAME}|].',
    '[Kontakt|Tel|Info|Viber/WhatsApp]: {PHONE}[, {NAME}|]',
    '{NAME}, {PHONE}[ – nga ora 9 deri në 20| – vetëm mesazhe| (edhe viber)|]',
  ],
  callNow: ['Telefononi tani!', 'NA KONTAKTONI TANI 📞', 'Shkruani sa më shpejt!'],
  agency: '[Agjencia|Firma] {AGENCY}',
  cities: ['Vjenë', 'Mynih', 'Shtutgart', 'Frankfurt', 'Berlin', 'Cyrih', 'Graz', 'Salcburg', 'Hamburg', 'Këln'],
  from: ['Tiranë', 'Prishtinë', 'Shkodër', 'Durrës', 'Prizren', 'Tetovë', 'Elbasan', 'Gjakovë'],
  names: ['Besnik', 'Arben', 'Elira', 'Dritan', 'Blerina', 'Ardit', 'Fatjona', 'Gentian', 'Mimoza', 'Erion'],
  currency: ['€', ' €', ' euro', ' EUR', ' lekë'],
  numberWords: ['zero', 'një', 'dy', 'tre', 'katër', 'pesë', 'gjashtë', 'shtatë', 'tetë', 'nëntë'],
};

const EN: Phrasebook = {
  topics: {
    hospitality: {
      openers: [
        '[URGENT!|Urgent!|New offer!|Job alert!|] [We are hiring|Looking for|We need|Hiring now:] [waitresses|bartenders|room maids|kitchen helpers|waiters and waitresses] for [work|the season|a permanent job|long term work] in a [restaurant|cafe|hotel|bar|pizzeria] in {CITY}.',
        '[Restaurant|Hotel|Cafe|Venue] in [the centre of|near the centre of|the tourist area of] {CITY} [is hiring|is looking for|takes on] [girls|women|female staff] for [serving guests|bar work|floor service|cleaning rooms].',
        '[Work abroad|Job in Austria|Hospitality job] – [waitress|bartender|room maid] [with or without experience|no experience needed|minimal experience], [start {DATE}|start immediately|immediate start].',
      ],
      details: [
        'working hours [8|9|10] hours[ a day|]', '[two days|one day] off per week', 'work in [shifts|two shifts|morning shift]', '[tips|gratuities] [are yours|stay with you|paid separately]',
        '[uniform|work clothes] [provided|given by the company]', '[registration|health insurance|legal contract] from day one', '[German|English] [is not required|is a plus but not a must|not needed]',
        'age {AGE}', '[salary|pay|earnings] [{SAL} per month|{SAL} net|from {SAL} cash in hand|{SAL} plus tips]', '[possibility|chance] of [contract extension|permanent employment|promotion]',
      ],
    },
    seasonal: {
      openers: [
        '[Seasonal work|Farm work|Strawberry and asparagus picking|Fruit picking|Construction work|Warehouse work|Factory work] in [Germany|Austria|the Netherlands|Czechia|Slovakia] ({CITY}) [from {DATE}|for the summer|for [3|4|6] months].',
        '[A company|An employer|Our agency] from {CITY} [is looking for|hires|takes on] [workers|men and women|couples|general labourers|forklift drivers] [for the season|for seasonal jobs|to start {DATE}].',
        '[Good job|Safe job|Job through agency] [for hard working people|for everyone who wants to work|also for people without experience] – [Germany|Austria|Netherlands], [{CITY}|{CITY} area].',
      ],
      details: [
        'hourly rate [{SAL}|from {SAL}|{SAL} gross]', '[overtime|Saturdays] [paid|paid extra|paid double]', '[10|11|9] hours a day', '[advance payment|cash advance] [on arrival|after the first week|of {SAL}]',
        '[travel costs|bus ticket|the trip] paid by the employer', 'workers up to {AGE} years', '[couples|friends|whole families] welcome', '[experience|language] not [needed|required|a must]',
        '[work clothes|safety gear|tools] [provided|for free]', '[departure|transport] [organised {DATE}|every week|by van]',
      ],
    },
    hostess: {
      openers: [
        '[Looking for|Wanted:|We take on] [young|pretty|outgoing|friendly] [girls|ladies|hostesses|dancers] [{AGE} y.o.|aged {AGE}] for [work in a massage salon|hostess jobs|entertaining guests|work in a night club] in {CITY}.',
        '[Exclusive|Discreet|Luxury|Elite] [salon|club|private club] in {CITY} [is hiring|looking for|takes on] [girls|partners|new girls] – [great conditions|big money|no experience needed].',
        '[Want to earn|Want big money|Want a better life] [fast|abroad|in a short time]? [Job for girls|Hostess work|Salon work] in {CITY}[, everything paid|, urgent|].',
      ],
      details: [
        '[earnings|income] [from {SAL} a week|{SAL} and more|up to {SAL} a month|{SAL} per weekend]', '[discretion guaranteed|full discretion|anonymity guaranteed]',
        '[no experience needed|training on site|we teach you everything]', '[no language needed|language does not matter]', '[passport is enough|ID card is enough|only passport]',
        '[flat|accommodation] [given right away|paid by the boss|in the same building]', '[ticket|trip|flight] [paid by us|prepaid|paid back from first salary]',
        '[photo|picture] [send in inbox|send on viber|must send]', 'work [weekends only|at night|by agreement]',
      ],
    },
    transport: {
      openers: [
        '[Safe|Fast|Reliable|Proven] [transport|transfer|trip|crossing] [to Europe|to the EU|to Germany|to Italy|across the border] [from {FROM}|leaving from {FROM}], [no passport|no visa|no waiting|no papers].',
        '[Want to go to Europe|Going to Germany|Need a ride to Italy]? [We take you|We move you|We drive you] [safely|fast|without problems] [to {CITY}|across the border|into the EU].',
        '[We organise|We offer|We do] [transport of people|group transfers|trips] [to the EU|to the west|to {CITY}] – [proven route|100% safe|for 5 years already].',
      ],
      details: [
        '[guaranteed crossing|100% safe passage|crossing without checks]', '[via Hungary|through Croatia|via Romania|through Bosnia]',
        '[pay on arrival|half before half on arrival|you pay when you arrive]', 'price [{SAL} per person|{SAL}|from {SAL}]',
        '[van|car|truck] [leaves every weekend|leaves {DATE}|goes twice a week]', '[limited seats|few places left|only [3|5|7] free seats]', '[children|families] [travel free|get a discount]',
        '[driver|guide] [knows the way|is experienced|stays with the group to the end]', '[if it fails|if you are sent back] [second try free|money back]',
      ],
    },
    visa: {
      openers: [
        '[Work visas|Visas|Work permits] for [Germany|Austria|Malta|Slovakia|Canada|Poland] [for only {SAL}|in 7 days|in a few weeks|no waiting], [no embassy visit|guaranteed|100% sure].',
        '[Agency|Our agency|Office] [in {FROM}|from {FROM}] [arranges|prepares|completes] [visas|papers|documents] for [work|living|travel] in [the EU|Germany|Austria|Canada].',
        "[Can't get a visa|Refused at the embassy|No papers]? [We solve it|We help|We have the solution] – [work visa|invitation letter|work permit] [for {CITY}|for the EU|for Germany].",
      ],
      details: [
        '[we arrange|we prepare] [all documents|the work contract|translations and certification]', '[invitation letter|travel insurance|guarantee letter] [included|free|for {SAL}]',
        '[plane ticket|ticket|airport transfer] [included in the price|paid|provided]', '[job waits on arrival|job is guaranteed|work from day one]', '[without your presence|no embassy visit|all online]',
        '[pay in two instalments|half upfront|rest when you get the visa]', '[price|total] [{SAL}|from {SAL}|{SAL} all included]', '[deadline|processing time] [7 days|two weeks|up to a month]',
      ],
    },
  },
  shared: [
    '[Accommodation and food provided.|Free accommodation.|Flat paid by the employer.|Free accommodation in double rooms.]',
    '[Travel costs paid.|We pay the trip.|Transport to the workplace is free.]',
    '[Serious offers only.|Only serious candidates.|Time wasters please do not call.]',
    '[Write in inbox.|Message in inbox for details.|More info in private message.]',
    '[Regular pay.|Salary paid regularly every month.|Paid every week.]',
    '[Limited places.|Hurry, places are limited.]',
    '[We arrange the documents.|The company arranges all papers.]',
    '[You pay nothing upfront.|No costs for you.]',
  ],
  contact: [
    '[For more information|For all info|For details] [call|contact us|write] [on|on viber|on whatsapp|at] {PHONE}[ ({NAME})| – {NAME}|].',
    '[Contact|Tel|Info|Viber/WhatsApp]: {PHONE}[, {NAME}|]',
    '{NAME}, {PHONE}[ – from 9am to 8pm| – text only| (also viber)|]',
  ],
  callNow: ['Call now!', 'CALL NOW 📞', 'Message us today!'],
  agency: '[Agency|Company] {AGENCY}',
  cities: ['Vienna', 'Munich', 'Stuttgart', 'Frankfurt', 'Berlin', 'Zurich', 'Graz', 'Salzburg', 'Hamburg', 'Cologne'],
  from: ['Belgrade', 'Sarajevo', 'Skopje', 'Pristina', 'Tirana', 'Podgorica', 'Banja Luka'],
  names: ['Marko', 'Ana', 'Besnik', 'Elena', 'Goran', 'Arben', 'Milica', 'Stefan', 'Dritan', 'Ivana'],
  currency: ['€', ' €', ' euro', ' EUR', ' eur'],
  numberWords: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
};

const BOOKS: Record<Lang, Phrasebook> = { bhs: BHS, mk: MK, sq: SQ, en: EN };
const AGENCY = [
  ['Euro', 'Balkan', 'Alpen', 'Star', 'Top', 'Global', 'Sun', 'Nord', 'Adria', 'Lux', 'Prima', 'Max', 'Vita', 'Zenit', 'Omega', 'Delta'],
  ['Job', 'Rad', 'Work', 'Personal', 'Travel', 'Team', 'Service', 'Trans', 'Staff', 'Line'],
  ['d.o.o.', 'Plus', 'Group', '2000', 'Agency', 'International', ''],
];
const EMOJI = ['🔥', '💰', '✅', '❗', '📞', '🇩🇪', '🇦🇹', '✈️', '🚐', '💶', '⭐', '👉', '‼️', '😊', '💯', '🏨', '☎️', '💃'];
const BULLETS = ['✅ ', '- ', '• ', '👉 ', '* '];
/** Hashtags posters add for reach, the same few per topic whatever the text. */
const HASHTAGS: Record<Topic, string[]> = {
  hospitality: ['posao', 'posaoubecu', 'konobarica', 'rabota', 'pune', 'jobs', 'austria', 'wien', 'hotel'],
  seasonal: ['posao', 'sezona', 'njemacka', 'rabota', 'germanija', 'pune', 'gjermani', 'jobs', 'farmwork'],
  hostess: ['posao', 'hostesa', 'zarada', 'devojki', 'pune', 'jobs', 'girls', 'money'],
  transport: ['evropa', 'eu', 'prevoz', 'transfer', 'germany', 'italia', 'travel'],
  visa: ['vize', 'viza', 'visa', 'workpermit', 'njemacka', 'canada', 'eu'],
};

/** Mobile numbering per country: calling code, mobile prefixes, subscriber digits after the prefix. */
const COUNTRIES: Record<string, { cc: string; prefixes: string[]; digits: number }> = {
  rs: { cc: '381', prefixes: ['60', '61', '62', '63', '64', '65', '66', '69'], digits: 7 },
  ba: { cc: '387', prefixes: ['61', '62', '63', '65', '66'], digits: 6 },
  me: { cc: '382', prefixes: ['67', '68', '69'], digits: 6 },
  hr: { cc: '385', prefixes: ['91', '92', '95', '97', '98', '99'], digits: 7 },
  mk: { cc: '389', prefixes: ['70', '71', '72', '75', '76', '77', '78'], digits: 6 },
  xk: { cc: '383', prefixes: ['43', '44', '45', '49'], digits: 6 },
  al: { cc: '355', prefixes: ['67', '68', '69'], digits: 7 },
  at: { cc: '43', prefixes: ['664', '676', '650', '699'], digits: 7 },
  de: { cc: '49', prefixes: ['151', '152', '157', '160', '170', '176'], digits: 7 },
};
const PHONE_COUNTRIES: Record<Lang, string[]> = { bhs: ['rs', 'rs', 'ba', 'me', 'hr', 'at', 'de'], mk: ['mk', 'mk', 'mk', 'at', 'de'], sq: ['al', 'xk', 'xk', 'mk', 'de'], en: ['rs', 'ba', 'mk', 'xk', 'al', 'at', 'de'] };

interface Phone {
  cc: string;
  prefix: string;
  sub: string;
}

interface Network {
  phones: Phone[];
  handle: string | null;
  images: string[];
}

interface Template {
  lang: Lang;
  topic: Topic;
  /** Cyrillic for Serbian and Macedonian templates written in it (the ad may still flip script) */
  cyrillic: boolean;
  /** the text, line by line, with slots */
  lines: string[];
  /** its boilerplate sentences and contact line, which a rival copies */
  shared: string[];
  contact: string;
  network: Network;
  phones: Phone[];
  names: string[];
  salary: number;
  images: string[];
}

const LATIN_TO_SERBIAN: Array<[string, string]> = [
  ['lj', 'љ'], ['nj', 'њ'], ['dž', 'џ'], ['a', 'а'], ['b', 'б'], ['v', 'в'], ['g', 'г'], ['d', 'д'], ['đ', 'ђ'], ['e', 'е'], ['ž', 'ж'], ['z', 'з'], ['i', 'и'],
  ['j', 'ј'], ['k', 'к'], ['l', 'л'], ['m', 'м'], ['n', 'н'], ['o', 'о'], ['p', 'п'], ['r', 'р'], ['s', 'с'], ['t', 'т'], ['ć', 'ћ'], ['u', 'у'], ['f', 'ф'],
  ['h', 'х'], ['c', 'ц'], ['č', 'ч'], ['š', 'ш'],
];
const SERBIAN_RE = new RegExp(LATIN_TO_SERBIAN.map(([l]) => l).join('|'), 'gi');
const SERBIAN_MAP = new Map(LATIN_TO_SERBIAN);
/** Words a Serbian writer keeps in Latin inside Cyrillic text. */
const KEEP_LATIN = /\d|@|viber|whatsapp|inbox|^eu\b/i;

/** Serbian Latin (gajica) to Cyrillic, as a writer switching keyboard layout would type it. */
function latinToSerbianCyrillic(text: string): string {
  return text
    .split(/(\s+)/)
    .map((word) =>
      KEEP_LATIN.test(word)
        ? word
        : word.replace(SERBIAN_RE, (m) => {
            const cyr = SERBIAN_MAP.get(m.toLowerCase()) ?? m;
            return m[0] === m[0]!.toLowerCase() ? cyr : cyr.toUpperCase();
          }),
    )
    .join('');
}

/** Macedonian typed on a Latin keyboard the informal way ("sh", "ch", "zh"), which folding does not undo. */
function informalMacedonianLatin(text: string): string {
  return cyrillicToLatin(text.replace(/[шШ]/g, 'sh').replace(/[чЧ]/g, 'ch').replace(/[жЖ]/g, 'zh').replace(/[ќЌ]/g, 'k').replace(/[ѓЃ]/g, 'g'));
}

function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'dj').replace(/Đ/g, 'Dj');
}

class Generator {
  private readonly rnd: () => number;
  private readonly templates: Template[] = [];
  private readonly networks: Network[] = [];
  private nextImage = 0;

  constructor(seed: number) {
    this.rnd = seededRandom(seed);
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rnd() * items.length)]!;
  }

  private chance(p: number): boolean {
    return this.rnd() < p;
  }

  /** `k` distinct items in random order. */
  private sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.rnd() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, k);
  }

  /** Resolves every `[a|b]` group, innermost first; slots stay for the ads to fill. */
  private expand(phrase: string): string {
    let s = phrase;
    for (;;) {
      const next = s.replace(/\[([^[\]]*)\]/g, (_, body: string) => this.pick(body.split('|')));
      if (next === s) return s;
      s = next;
    }
  }

  private newPhone(lang: Lang): Phone {
    const c = COUNTRIES[this.pick(PHONE_COUNTRIES[lang])]!;
    let sub = '';
    for (let i = 0; i < c.digits; i++) sub += String(this.int(i === 0 ? 1 : 0, 9));
    return { cc: c.cc, prefix: this.pick(c.prefixes), sub };
  }

  private newNetwork(lang: Lang): Network {
    const phones = Array.from({ length: this.int(1, 4) }, () => this.newPhone(lang));
    const handle = this.chance(0.3) ? `${this.pick(['posao', 'rabota', 'pune', 'job', 'work', 'euro', 'viza'])}_${this.pick(['eu', 'de', 'at', 'bec', 'info', 'team'])}${this.int(1, 99)}` : null;
    const images = Array.from({ length: this.int(0, 4) }, () => `img:${this.nextImage++}`);
    const network = { phones, handle, images };
    this.networks.push(network);
    return network;
  }

  private newTemplate(rivalOf: Template | null, network: Network): Template {
    const lang: Lang = rivalOf?.lang ?? this.pick<Lang>(['bhs', 'bhs', 'bhs', 'bhs', 'mk', 'mk', 'sq', 'sq', 'en', 'en']);
    const topic = rivalOf?.topic ?? this.pick(TOPICS);
    const book = BOOKS[lang];
    const cyrillic = lang === 'mk' ? true : lang === 'bhs' ? this.chance(0.35) : false;
    const opener = this.expand(this.pick(book.topics[topic].openers)).trim();
    // A rival copies its model's boilerplate and contact line verbatim: the same topic, the same
    // stock sentences, written by someone else.
    const shared = rivalOf ? rivalOf.shared : this.sample(book.shared, this.int(1, 3)).map((s) => this.expand(s));
    const contact = rivalOf?.contact ?? this.expand(this.pick(book.contact));
    // 3–6 details, more while the text would stay short: ads run 150–600 characters, and
    // reposts lose words and lines.
    const pool = this.sample(book.topics[topic].details, book.topics[topic].details.length).map((d) => this.expand(d));
    let count = this.int(3, 6);
    const length = () => [opener, ...pool.slice(0, count), ...shared, contact].join(' ').replace(/\{\w+\}/g, '0123456789').length;
    while (count < pool.length && length() < 230) count++;
    const details = pool.slice(0, count);
    const layout = this.int(0, 2);
    const bullet = this.pick(BULLETS);
    const detailLines =
      layout === 0
        ? details.map((d) => bullet + d)
        : layout === 1
          ? [details.map((d) => d.charAt(0).toUpperCase() + d.slice(1) + '.').join(' ')]
          : [details.join(', ').replace(/^./, (c) => c.toUpperCase()) + '.'];
    const lines = [opener, ...detailLines, ...shared];
    if (this.chance(0.35)) {
      const agency = this.expand(book.agency).replace('{AGENCY}', `${this.pick(AGENCY[0]!)} ${this.pick(AGENCY[1]!)} ${this.pick(AGENCY[2]!)}`.trim());
      if (this.chance(0.5)) lines.unshift(agency);
      else lines.push(agency);
    }
    lines.push(contact);
    const phones = this.sample(network.phones, this.int(1, Math.min(2, network.phones.length)));
    const names = this.sample(book.names, this.int(1, 2));
    const images = this.sample(network.images, this.int(0, network.images.length));
    return { lang, topic, cyrillic, lines, shared, contact, network, phones, names, salary: 50 * this.int(16, 70), images };
  }

  private phoneText(p: Phone, book: Phrasebook): { text: string; readable: boolean } {
    const local = `0${p.prefix}`;
    const sub = p.sub;
    const groups = sub.length === 7 ? [sub.slice(0, 3), sub.slice(3, 5), sub.slice(5)] : [sub.slice(0, 3), sub.slice(3)];
    const r = this.rnd();
    if (r < 0.15) return { text: `+${p.cc} ${p.prefix} ${groups.join(' ')}`, readable: true };
    if (r < 0.25) return { text: `+${p.cc}${p.prefix}${sub}`, readable: true };
    if (r < 0.32) return { text: `00${p.cc} ${p.prefix} ${sub}`, readable: true };
    if (r < 0.45) return { text: `${local}/${groups.join('-')}`, readable: true };
    if (r < 0.6) return { text: `${local} ${groups.join(' ')}`, readable: true };
    if (r < 0.7) return { text: `${local}${sub}`, readable: true };
    if (r < 0.75) return { text: `${local}.${groups.join('.')}`, readable: true };
    // Obfuscations that keep humans able to dial but defeat naive scrapers.
    const digits = local + sub;
    if (r < 0.8) return { text: digits.split('').join(' '), readable: false };
    if (r < 0.85) return { text: `${local} ${groups.join(' ')}`.replace(/0/g, 'O').replace(/1/g, 'I'), readable: false };
    if (r < 0.9) {
      const at = this.int(3, digits.length - 2);
      return { text: `${digits.slice(0, at)} ${book.numberWords[Number(digits[at])]} ${digits.slice(at + 1)}`, readable: false };
    }
    if (r < 0.95) return { text: digits.split('').map((d) => `${d}\ufe0f\u20e3`).join(''), readable: false };
    return { text: `${local} ${groups.join(' ')} (${p.prefix}${sub.slice(0, 2)}...)`, readable: false };
  }

  private salaryText(t: Template, book: Phrasebook): string {
    const amount = Math.max(100, t.salary + 50 * this.int(-4, 4));
    const num = amount >= 1000 && this.chance(0.4) ? `${Math.floor(amount / 1000)}.${String(amount % 1000).padStart(3, '0')}` : String(amount);
    const cur = this.pick(book.currency);
    return this.chance(0.15) && cur.trim() === '€' ? `€${num}` : num + cur;
  }

  private fill(line: string, t: Template, book: Phrasebook, contacts: Set<string>, city: string, from: string): string {
    return line.replace(/\{(\w+)\}/g, (_, slot: string) => {
      switch (slot) {
        case 'CITY':
          return city;
        case 'FROM':
          return from;
        case 'NAME':
          return this.pick(t.names);
        case 'AGE': {
          const lo = this.pick([18, 18, 20, 21, 25]);
          return `${lo}${this.pick(['-', '–', ' - ', ' do '])}${lo + this.int(10, 25)}`;
        }
        case 'DATE': {
          const d = this.int(1, 28);
          const m = this.int(1, 12);
          return this.pick([`${d}.${m}.`, `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.2024`, `${d}/${m}`, `${d}. ${m}.`]);
        }
        case 'SAL':
          return this.salaryText(t, book);
        case 'PHONE': {
          const phone = this.pick(t.phones);
          const { text, readable } = this.phoneText(phone, book);
          // Readable numbers are almost always extracted; obfuscated ones only when the site's own
          // contact field gives them too.
          if (this.chance(readable ? 0.95 : 0.5)) contacts.add(`+${phone.cc}${phone.prefix}${phone.sub}`);
          return text;
        }
        default:
          return slot;
      }
    });
  }

  /** Word drops and neighbour swaps, as a reposter retyping or trimming the ad would make. */
  private editWords(line: string, rate: number): string {
    const words = line.split(' ');
    const out: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const r = this.rnd();
      if (r < rate / 2 && words.length > 3) continue;
      if (r < rate && i + 1 < words.length) {
        out.push(words[i + 1]!, words[i]!);
        i++;
        continue;
      }
      out.push(words[i]!);
    }
    return out.join(' ');
  }

  private render(t: Template, one: boolean): { text: string; contacts: string[]; images: string[] } {
    const book = BOOKS[t.lang];
    const contacts = new Set<string>();
    const city = this.pick(book.cities);
    const from = this.pick(book.from);
    const rate = 0.05 + 0.05 * this.rnd();
    // Edits first, slots after: a reposter retypes the wording, not the phone number's digits.
    const lines = t.lines.map((l) => this.fill(this.editWords(l, rate), t, book, contacts, city, from));
    if (t.network.handle && this.chance(0.5)) {
      lines.push(`${this.pick(['Telegram', 'TG', 'Insta'])}: @${t.network.handle}`);
      contacts.add(`@${t.network.handle}`);
    }
    // Shortened or rearranged reposts: a line left out, the middle lines in another order.
    if (lines.length > 3 && this.chance(0.15)) lines.splice(this.int(1, lines.length - 2), 1);
    if (lines.length > 3 && this.chance(0.1)) lines.splice(1, lines.length - 2, ...this.sample(lines.slice(1, -1), lines.length - 2));
    if (this.chance(0.3)) lines.push(this.pick(book.callNow));
    if (this.chance(0.15)) lines.push(this.sample(HASHTAGS[t.topic], this.int(2, 4)).map((h) => `#${h}`).join(' '));
    if (this.chance(0.1)) lines[0] = lines[0]!.toUpperCase();
    // Emoji between words, as decoration or bullet.
    const emoji = this.chance(0.75) ? this.int(1, 4) : 0;
    for (let e = 0; e < emoji; e++) {
      const li = this.int(0, lines.length - 1);
      const words = lines[li]!.split(' ');
      words.splice(this.int(0, words.length), 0, this.pick(EMOJI).repeat(this.int(1, 3)));
      lines[li] = words.join(' ');
    }
    // A repost cut very short gets padded with hashtags, as posters do.
    while (lines.join(' ').length < 160) lines.push(this.sample(HASHTAGS[t.topic], 3).map((h) => `#${h}`).join(' '));
    let text = lines.join(this.chance(0.2) ? ' ' : '\n');
    if (t.lang === 'bhs') {
      if (t.cyrillic ? this.chance(0.7) : this.chance(0.15)) text = latinToSerbianCyrillic(text);
      else if (this.chance(0.25)) text = stripDiacritics(text);
    } else if (t.lang === 'mk' && this.chance(0.2)) {
      text = this.chance(0.25) ? informalMacedonianLatin(text) : this.chance(0.5) ? stripDiacritics(cyrillicToLatin(text)) : cyrillicToLatin(text);
    } else if (t.lang === 'sq' && this.chance(0.35)) {
      text = stripDiacritics(text);
    }
    const images = new Set<string>();
    if (t.images.length > 0 && this.chance(0.6)) for (const img of this.sample(t.images, this.int(1, Math.min(2, t.images.length)))) images.add(img);
    if (this.chance(0.04)) images.add(`stock:${t.topic}:${this.int(0, 3)}`);
    if (one && this.chance(0.3)) images.add(`img:${this.nextImage++}`);
    return { text, contacts: [...contacts], images: [...images] };
  }

  generate(n: number): GeneratedAd[] {
    const templateCount = Math.max(1, Math.round(n / 20));
    const oneOffs = Math.round(n * 0.1);
    const templated = n - oneOffs;
    let network: Network | null = null;
    for (let t = 0; t < templateCount; t++) {
      // Networks of 1–3 templates: the same phones and photos behind different texts.
      if (network === null || this.chance(0.5)) network = this.newNetwork(this.pick<Lang>(['bhs', 'mk', 'sq', 'en']));
      const rival = this.templates.length > 0 && this.chance(0.25) ? this.pick(this.templates) : null;
      this.templates.push(this.newTemplate(rival, network));
    }
    // Every template at least twice, the rest heavy-tailed as repost counts are.
    const weights = this.templates.map(() => -Math.log(1 - this.rnd()));
    const total = weights.reduce((a, b) => a + b, 0);
    const cumulative: number[] = [];
    let acc = 0;
    for (const w of weights) cumulative.push((acc += w / total));
    const owners: Array<number | null> = [];
    for (let t = 0; t < templateCount && owners.length + 2 <= templated; t++) owners.push(t, t);
    while (owners.length < templated) {
      const u = this.rnd();
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < u) lo = mid + 1;
        else hi = mid;
      }
      owners.push(lo);
    }
    while (owners.length < n) owners.push(null);
    const order = this.sample(owners, owners.length);
    const lastText = new Map<number, { text: string; contacts: string[]; images: string[] }>();
    return order.map((template, i) => {
      if (template === null) {
        const net = this.chance(0.3) ? this.pick(this.networks) : this.newNetwork(this.pick<Lang>(['bhs', 'mk', 'sq', 'en']));
        const oneOff = this.newTemplate(this.chance(0.2) ? this.pick(this.templates) : null, net);
        return { id: i + 1, ...this.render(oneOff, true), template: null };
      }
      // Some reposts are byte-for-byte copies of an earlier ad.
      const previous = lastText.get(template);
      const ad = previous && this.chance(0.05) ? previous : this.render(this.templates[template]!, false);
      lastText.set(template, ad);
      return { id: i + 1, text: ad.text, contacts: [...ad.contacts], images: [...ad.images], template };
    });
  }
}

/**
 * `n` ads with their ground-truth template (null for one-offs): about n/20 templates, one ad in
 * ten a one-off; deterministic for a given `n` and `seed`.
 */
export function generateAds(n: number, seed = 1): GeneratedAd[] {
  return new Generator(seed).generate(n);
}
