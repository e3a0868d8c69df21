import type { Intent } from '../types.js';

/** A high-precision pattern over normalized text that settles the intent without the classifier. */
interface IntentRule {
  readonly intent: Intent;
  readonly pattern: RegExp;
}

const CONTACT_VERB =
  '(?:escriban|escribas|escriba|manden|mandes|mande|envien|envies|contacten|contactes|contacte|llamen|llames|llame|molesten|molestes|moleste|jodan|hueveen|webeen|hablen)';

/** The person the bot is looking for has died ("he passed away", "el titular falleció", "murió, este era su teléfono"); "murió mi mamá" is the writer's loss (hardship). */
const DEBTOR_DIED = [
  String.raw`^(?:he|she) (?:died|passed away|passed on|passed|is dead|is deceased|has died|has passed)\b`,
  String.raw`^(?:el |ella |ya )?(?:fallecio|murio|esta muert[oa]|es fallecid[oa])(?: (?:hace|el|la|en|ayer|anteayer|antier|este|esta|ya|hoy)\b.*)?$`,
  String.raw`\b(?:account holder|debtor|cardholder|card holder|person you are looking for|person you re looking for|person youre looking for) (?:died|passed away|is dead|is deceased|has died|has passed)`,
  String.raw`\b(?:el|la) (?:titular|deudor|deudora|duen[oa] de (?:la|esta) cuenta|persona que buscan) (?:ya )?(?:fallecio|murio|esta muert[oa]|es fallecid[oa]|ha fallecido)`,
  String.raw`\b(?:fallecio|murio|died|passed away)\b.*\b(?:era su|fue su|was (?:his|her)|this is (?:his|her)) (?:telefono|numero|celular|phone|number|cell)`,
].join('|');

const RELATIVE_ES =
  '(?:mama|madre|papa|padre|esposo|esposa|marido|mujer|hijo|hija|hermano|hermana|abuelo|abuela|pareja|suegro|suegra|tio|tia|nieto|nieta)';
const RELATIVE_EN =
  '(?:mom|mother|dad|father|husband|wife|son|daughter|brother|sister|grandma|grandmother|grandpa|grandfather|partner|aunt|uncle)';

/** Someone asks about another person's debt ("soy la hija de María", "how much does my husband owe?"): only the debtor may be told. */
const THIRD_PARTY = [
  String.raw`\b(?:soy|habla) (?:la|el|su) (?:${RELATIVE_ES}|polola|pololo|novia|novio|sobrina|sobrino|amiga|amigo|cunada|cunado) de\b`,
  String.raw`\b(?:this is|i am|i m|im) (?:his|her|their|\w+s) (?:${RELATIVE_EN}|girlfriend|boyfriend|friend|grandson|granddaughter|niece|nephew)\b`,
  String.raw`\b(?:cuanto|que) (?:debe|le queda|adeuda) (?:mi|el|la) ${RELATIVE_ES}\b`,
  String.raw`\b(?:la deuda|las deudas|la cuenta|el saldo|el credito|el prestamo|la tarjeta) de (?:mi|el|la) ${RELATIVE_ES}\b`,
  String.raw`\bhow much (?:does|do) (?:my|his|her) ${RELATIVE_EN} owe\b`,
  String.raw`\bmy ${RELATIVE_EN}s? (?:debt|account|balance|loan|card|bill)\b`,
  String.raw`\b(?:calling|writing|texting|messaging|asking) (?:for|on behalf of) (?:my|his|her) ${RELATIVE_EN}\b`,
  String.raw`\b(?:en nombre|de parte) de (?:mi|su) ${RELATIVE_ES}\b`,
].join('|');

/** A lawyer speaks for the debtor, or the debtor says to deal with theirs ("I am her attorney", "hablen con mi abogado"). */
const REPRESENTED_BY_LAWYER = [
  String.raw`\b(?:i am|i m|im) (?:his|her|their|the debtors?|the account holders?) (?:lawyer|attorney|legal representative|counsel)`,
  String.raw`\b(?:talk|speak|deal|communicate|contact|call|write) (?:to |with )?my (?:lawyer|attorney)`,
  String.raw`\bmy (?:lawyer|attorney) (?:will|is going to|is handling|handles|is dealing|has|represents)`,
  String.raw`\bi (?:have|hired|got|retained) (?:a |an )?(?:lawyer|attorney)`,
  String.raw`\b(?:represented by|through) (?:a |an |my )?(?:lawyer|attorney|counsel)`,
  String.raw`\bsoy (?:su|el|la) (?:abogad[oa]|representante legal|apoderad[oa])`,
  String.raw`\b(?:hablen|hable|hablar|comuniquense|comuniquese|contacten|contacte|vean|vea|traten|trate|entiendanse|entiendase|dirijanse|dirijase|llamen|llame) (?:con |a )?mi abogad[oa]`,
  String.raw`\bmi abogad[oa] (?:se va a|va a|les va a|los va a|se comunicara|los contactara|se encarga|lo ve|esta viendo|lleva)`,
  String.raw`\b(?:tengo|contrate|contratar|hablar con) (?:un |una |a un |a una |el |la |algun )?abogad[oa]`,
].join('|');

/** A bankruptcy or insolvency proceeding, not being broke ("estoy en la quiebra" is hardship). */
const IN_BANKRUPTCY = [
  String.raw`\b(?:filed|file|filing|declared|declare|declaring|went|going|gone|am|i m|im|in|under) (?:for |through |into )?(?:personal )?bankruptcy`,
  String.raw`\bchapter (?:7|11|13|seven|eleven|thirteen)\b`,
  String.raw`\bbankruptcy (?:case|filing|protection|court|lawyer|attorney|trustee|discharge)`,
  String.raw`\b(?:me declar\w*|me declararon|declararme|declarad[oa]|declaro) en quiebra`,
  String.raw`\b(?:quiebra personal|ley de insolvencia|procedimiento concursal|proceso de liquidacion|liquidacion voluntaria|liquidacion forzosa|concurso de acreedores|concurso mercantil|superir)\b`,
  String.raw`\b(?:renegociacion|reorganizacion) de (?:mis )?(?:deudas|pasivos)`,
].join('|');

/**
 * Rules run in order on the whole normalized message; the first match wins. They cover what must never be missed
 * (opt-out, wrong person, asking for a human) and one-word answers, where a bag-of-words model has too little to go on.
 */
const RULES: readonly IntentRule[] = [
  {
    // Situations a bot must not negotiate: the person sought has died, someone else asks for them, a lawyer speaks for
    // them, or they are in bankruptcy.
    intent: 'human',
    pattern: new RegExp(`${DEBTOR_DIED}|${THIRD_PARTY}|${REPRESENTED_BY_LAWYER}|${IN_BANKRUPTCY}`),
  },
  {
    // Identity theft is a dispute by the debtor, not a stranger's "wrong person": "no soy yo quien pidió ese crédito".
    intent: 'dispute',
    pattern:
      /\b(?:no (?:soy|fui) yo (?:quien|el que|la que|el|la)\b.*\b(?:pidi\w*|sac\w*|contrat\w*|solicit\w*|firm\w*|compr\w*|us\w*)|me robaron (?:la identidad|mis datos|mi identidad|el carnet|la cedula|mi cedula|mi documento|la tarjeta|mi tarjeta)|(?:suplantaron|suplantacion|robo de identidad|usurparon|usaron mis datos|usaron mi nombre)|(?:a mi nombre|con mi nombre) (?:pero|y) (?:no|nunca)|(?:de|es de) otra persona (?:a|con) mi nombre|identity theft|someone (?:stole|used) my (?:identity|name|information|info|ssn)|i (?:never|did not|didn t) (?:open(?:ed)?|t(?:a|oo)ke? out|sign(?:ed)? up for|appl(?:y|ied) for) (?:this|that|any|the|a))/,
  },
  {
    // "Who is this?", "how did you get my number?": the greeting says who writes and for whom.
    intent: 'greet',
    pattern:
      /^(?:quien (?:habla|es|eres|me escribe|me habla)|con quien hablo|de donde (?:me )?(?:escriben|llaman|hablan|me escriben)|quienes son|(?:de )?que empresa (?:es|son|eres|habla|me escribe|me habla)|who is this|who s this|whos this|who are you|who is texting me|who is writing|what company (?:is this|are you|is texting me|is writing)|who do you (?:work|text|write) for)$|^(?:y )?(?:como|de donde|donde|por que) (?:consiguieron|obtuvieron|tienen|sacaron|tiene|saco|consiguio) (?:mi|este|mis) (?:numero|telefono|celular|contacto|datos?)\b|^(?:and )?(?:how|where|why) (?:did|do) you (?:get|have|find) (?:my|this) (?:number|phone|cell|contact|info|information|details)\b/,
  },
  {
    // Asking whether a payment arrived is about a payment already made: "did you get my payment?", "¿les llegó mi pago?".
    intent: 'already_paid',
    pattern:
      /\b(?:did you (?:get|receive|see) (?:my|the) (?:payment|transfer|deposit|check|money)|did (?:my|the) (?:payment|transfer|deposit) (?:go through|arrive|post)|(?:les|le) llego (?:mi|el) (?:pago|abono|deposito|transferencia)|(?:recibieron|vieron|les aparece|se reflejo|se registro) (?:mi|el) (?:pago|abono|deposito|transferencia))\b/,
  },
  {
    // Undoing an agreement is for a person: "I want to cancel my plan", "quiero anular el convenio".
    intent: 'human',
    pattern:
      /\b(?:cancel|undo|end|stop|terminate) (?:my|the|this) (?:payment )?(?:plan|agreement|arrangement)|(?:anular|cancelar|terminar|deshacer|dar de baja|echar atras) (?:mi|el|este|la|esta) (?:plan|convenio|acuerdo|repactacion|compromiso)\b/,
  },
  {
    // "Is this about my car loan?" asks what the debt is: verification comes first, then the balance.
    intent: 'balance',
    pattern:
      /^(?:is this|is it|this is) (?:about|regarding|for) (?:my|a|the) (?:\w+ ){0,2}(?:loan|debt|card|account|bill|balance)\b|^(?:es|esto es|me escriben) (?:por|sobre|de) (?:mi|la|el|una|un) (?:\w+ ){0,2}(?:deuda|prestamo|tarjeta|credito|cuenta|cuota)\b/,
  },
  {
    intent: 'wrong_person',
    pattern:
      /\b(?:numero equivocado|equivocad[oa]s? de (?:numero|persona)|se equivoc\w* de (?:numero|persona)|wrong (?:number|person|guy|girl|lady|man|phone)|no soy (?:yo|esa persona|el titular|la titular|la persona|el que buscan|la que buscan|quien buscan)|no conozco a (?:esa|ese|esta|este|la|el) (?:persona|senor|senora|senorita|tipo|senora)|i am not (?:the person|who you|him|her)|this is not (?:him|her|the person)|not the person you|do not know (?:this|that) person|no vive (?:aqui|aca)|aqui no vive|ya no (?:es|tiene) (?:su|este) numero)\b|^(?:yo )?no soy (?!capaz|responsable|culpable|deudor|deudora|moroso|morosa|cliente|clienta|rico|rica|millonari[oa]|tont[oa]|idiota|estupid[oa])[a-z]+$/,
  },
  {
    intent: 'opt_out',
    pattern: new RegExp(
      `^(?:stop|baja|unsubscribe|cancelar suscripcion|opt out|remove me|stop texting me|stop messaging me|basta|basta ya|ya basta|(?:do not|never) (?:text|message) (?:me|this number))$|\\b(?:darme de baja|dar de baja|dame de baja|denme de baja|no (?:me )?(?:vuelvan a |sigan )?${CONTACT_VERB}(?: \\w+)? mas|no me ${CONTACT_VERB} nunca mas|(?<!para que (?:me )?)dejen de (?:escribir|escribirme|llamar|llamarme|molestar|molestarme|mandar|enviar|contactar|contactarme|joder|hostigar|acosar)|(?:stop|quit) (?:texting|calling|messaging|contacting|bothering|harassing)|(?:do not|never) (?:text|call|message|contact) (?:me|this number) (?:again|anymore|ever)|opt me out|unsubscribe me|take me off|remove (?:me|my number) from|remove (?:this|my) number|dej(?:en|a)me (?:tranquil[oa]|en paz)|(?:borren|borrar|eliminen|eliminar|saquen|sacar|quiten|quitar) (?:mi numero|este numero|mis datos|me de))\\b`,
    ),
  },
  {
    intent: 'human',
    pattern:
      /\b(?:(?:hablar|comunicarme|contactarme|conversar|chatear|atender|atenderme|pasar|pasarme|pasame|pasenme|comunicame|comuniquenme|contactar) (?:con|a) (?:un |una |alguna |algun |el |la )?(?:persona|humano|ejecutivo|ejecutiva|asesor|asesora|agente|operador|operadora|supervisor|supervisora|encargado|encargada|alguien|gente real|persona real|ser humano)|(?:talk|speak|chat) (?:to|with) (?:a |an |the |some )?(?:human|person|agent|representative|rep|real person|live person|manager|supervisor|operator|someone|somebody|actual person|live agent)|(?:persona real|ser humano|real person|live agent|live person|human being)|^(?:agente|asesor|asesora|humano|ejecutivo|operador|human|agent|representative|operator|rep|persona)$)\b/,
  },
  {
    // Asking what happens if one cannot pay is hardship, not a request for a plan: "y si no puedo pagar?".
    intent: 'hardship',
    pattern:
      /^(?:and |but |so )?(?:what if|what happens if|y si|pero si|que pasa si|que hago si) (?:i |yo )?(?:can not|cannot|no puedo) (?:pay|pagar)(?: (?:it|this|that|la deuda|eso|esto))?$/,
  },
  {
    intent: 'greet',
    pattern: onlyWords(
      'hola|holas|ola|buenas|buenos|buena|buen|dias|dia|tardes|noches|que tal|wena|wenas|alo|saludos|senor|senora|senorita|joven|caballero|hi|hello|hey|heya|there|good|morning|afternoon|evening|greetings',
    ),
  },
  {
    intent: 'goodbye',
    pattern: onlyWords(
      'gracias|muchas|mil|chao|chau|chaito|adios|bye|nos vemos|hasta luego|hasta pronto|hasta manana|cuidese|cuidate|bendiciones|saludos|thanks|thank you|so much|goodbye|see you|see ya|later|take care|good night|buenas noches|ok|listo|bueno|vale|dale',
      'gracias|chao|chau|chaito|adios|bye|nos vemos|hasta luego|hasta pronto|thanks|thank you|goodbye|see you|see ya|later|take care|good night',
    ),
  },
  {
    intent: 'affirm',
    pattern:
      /^(?:si|sip|sep|sipi|simon|si po|sipo|ya po|ya poh|ya pues|dale po|ya dale|de una|orale|va que va|bueno|okey|okay|oki|okis|fine|alright|all right|why not|sure why not|dale|ok|va|vale|sale|claro|claro que si|por supuesto|de acuerdo|listo|perfecto|correcto|exacto|asi es|ya|yes|yeah|yea|yep|yup|sure|of course|correct|right|absolutely|definitely|confirmo|acepto|si acepto|si por favor|si dale|ok dale|dale ok|ok si|si ok|yes please|ok sure|sounds good|deal)$/,
  },
  {
    intent: 'deny',
    pattern:
      /^(?:no|nop|nope|nah|nel|nones|no gracias|no thanks|no thank you|nah thanks|nah thank you|nope thanks|para nada|negativo|not really|no way|no no|no por ahora)$/,
  },
];

/**
 * A pattern for messages made only of the given words (`|`-separated, may contain spaces), and containing at least one
 * of `required` when given: "hola buenas tardes" is only greeting words; "ok gracias" is thanks.
 */
function onlyWords(words: string, required?: string): RegExp {
  const anyOf = `(?:${words})`;
  const sequence = `^(?:${anyOf} )*${anyOf}$`;
  return required === undefined ? new RegExp(sequence) : new RegExp(`(?=.*\\b(?:${required})\\b)${sequence}`);
}

/** The intent a rule settles for this normalized message, or null to let the classifier decide. */
export function ruleIntent(normalized: string): Intent | null {
  return RULES.find((rule) => rule.pattern.test(normalized))?.intent ?? null;
}

const PAY_VERB =
  /\b(?:pag[oa]r?|pagare|pagaria|pagarle|pagarte|pagaremos|le pago|te pago|abon\w*|deposit\w*|transfier\w*|transferir\w*|consign\w*|yape\w*|mand[oa]r?|envi[oa]r?|pay|paying|send|sending|deposit|transfer|le tengo|te tengo|will have|ill have)\b/;
const PAST_MARKER =
  /\b(?:ya(?! (?:pe|po|pues|listo|bueno|ok|dale|va|vale|tengo|tendre|voy|vamos|te|le|les|lo|la|me|mismo)\b)|already|paid|sent|made|did|mailed|wired|pague|pagamos|pagado|deposite|transferi|abone|consigne|yapee|plinee|cancele|mande|envie|hice|realice|hace|ayer|anoche|yesterday|ago|last|pasad[oa])\b/;
const YIELDS_TO_COMMITMENT = new Set<Intent>(['hardship', 'none', 'deny', 'goodbye', 'affirm', 'help', 'greet', 'already_paid']);

/**
 * A first-person payment in the past tense: "pagué", "ya le yapeé", "hice el depósito", "I paid", "I mailed a check". After
 * "que", "cuando", "si"… "pague" is a subjunctive ("cuando me paguen le pague") and does not count.
 */
const PAST_PAYMENT =
  /(?<!\b(?:que|cuando|si|apenas|ojala|hasta que|para que|antes de que|en cuanto)\s+(?:(?:lo|la|le|les|te|se|me)\s+){0,2})\b(?:pague|pagamos|deposite|transferi|abone|consigne|yapee|plinee|cancele|salde|liquide|mande|envie|hice (?:el|la|un|una) (?:pago|deposito|transferencia|abono|consignacion)|realice (?:el|la|un|una) (?:pago|deposito|transferencia|abono)|(?:i|we) (?:already )?(?:paid|mailed|wired|deposited|transferred|dropped off|sent (?:the|a|my|it|you|in|over)|made (?:the|a|my) (?:payment|deposit|transfer)))\b/;
/** A promise or plan about the future, which a past payment in the same message does not override. */
const FUTURE_MARKER =
  /\b(?:voy a|vamos a|puedo|podria|podemos|pagare|te pago|le pago|les pago|lo pago|la pago|pago el|will|can|could|going to|ill|next|proxim\w*|manana|tomorrow|despues|luego|later)\b/;
const YIELDS_TO_PAST_PAYMENT = new Set<Intent>(['promise_to_pay', 'pay_full', 'none', 'hardship', 'payment_methods']);

/** A message that says, in the past tense, that a payment was made is `already_paid` ("lo pagué el 20 de noviembre"). */
export function isPastPayment(intent: Intent, normalized: string): boolean {
  return YIELDS_TO_PAST_PAYMENT.has(intent) && PAST_PAYMENT.test(normalized) && !FUTURE_MARKER.test(normalized);
}

/** "Can't pay" in English, as normalized ("can't" → "can not"), shared by the two readings of not paying below. */
const CANNOT_PAY = String.raw`(?:can not|cannot|could not|will not be able to|am not able to|not able to|unable to) (?:pay|afford)`;
/** The modals of "no puedo pagar" in Spanish (after "no"), shared by the two readings of not paying below. */
const NO_PUEDO = String.raw`puedo|podre|podria|podemos|voy a poder|alcanzo a`;

/** Denying the debt outright ("no es mi deuda", "I don't owe this"): a dispute, whatever else the message says. */
const DEBT_DENIAL = new RegExp(
  [
    String.raw`\b(?:no es mi deuda|(?:esa|esta|la) deuda no es mia|no reconozco (?:esta|esa|la|dicha) deuda|not my debt|(?:this|that|it) is not my debt|i do not owe (?:this|that|it|you anything|anything))\b`,
    // …or its amount: "the amount is wrong, I only owed 1500", "el monto está mal".
    String.raw`\b(?:(?:the|that|this) (?:amount|balance) is (?:wrong|incorrect|not right)|wrong (?:amount|balance)|(?:that|this|it) is not the right (?:amount|balance)|i (?:only|never) owed|el (?:monto|saldo|cobro) (?:esta|es) (?:mal|malo|incorrecto|equivocado)|(?:monto|saldo) (?:incorrecto|equivocado)|no debo tanto|me (?:estan )?cobra\w* de mas|(?:solo|nunca) (?:debia|debo|le debia))\b`,
  ].join('|'),
);
/** The classifier's readings that a denial of the debt overrides (a person, an opt-out or a wrong number stay). */
const YIELDS_TO_DENIAL = new Set<Intent>([
  'hardship',
  'payment_plan',
  'pay_full',
  'promise_to_pay',
  'balance',
  'dispute',
  'none',
  'deny',
  'affirm',
]);

/** A message that denies the debt, or its amount, is a `dispute` even when it also pleads hardship or asks about paying. */
export function isDebtDenial(intent: Intent, normalized: string): boolean {
  return YIELDS_TO_DENIAL.has(intent) && DEBT_DENIAL.test(normalized);
}

/**
 * Saying that nothing at all can be paid: "what if I can't pay at all?", "I cannot pay a dime", "no puedo pagar nada".
 * Bag-of-words reads "pay … all" as paying in full; this is hardship.
 * Not "nothing more than 50 a month" (an offer) and not "I can't pay it all at once" (a plan): neither says "at all".
 */
const TOTAL_INABILITY = new RegExp(
  [
    String.raw`\b${CANNOT_PAY}(?: (?:you|it|this|that|them|the (?:debt|bill|balance|loan)|my (?:debt|bill|balance|loan)))? (?:at all|anything|nothing|any of it|a (?:thing|cent|dime|penny|single (?:cent|dime|penny|payment)))\b(?! (?:more|else|over|above|except|but|beyond))`,
    String.raw`\bno (?:${NO_PUEDO}|tengo (?:como|con que|para)) (?:pagar|pagarle|pagarles|pagarlo|pagarla|abonar)(?: (?:le|les|lo|la|eso|esto|la deuda|la cuenta|el credito))? (?:nada|ni un (?:peso|centavo|sol|quinto|dolar|colon)|en absoluto|para nada)\b(?! (?:mas|aparte|salvo|excepto|fuera))`,
  ].join('|'),
);
/** The classifier's readings that a total inability to pay overrides (not a plan, a person, a dispute, an opt-out…). */
const YIELDS_TO_INABILITY = new Set<Intent>([
  'hardship',
  'pay_full',
  'promise_to_pay',
  'payment_methods',
  'balance',
  'none',
  'affirm',
  'deny',
  'help',
  'greet',
  'goodbye',
]);

/** A message that says nothing at all can be paid is `hardship`, whatever its words about paying suggest. */
export function isInabilityToPay(intent: Intent, normalized: string): boolean {
  return YIELDS_TO_INABILITY.has(intent) && TOTAL_INABILITY.test(normalized);
}

/**
 * Saying the whole amount cannot be paid at once asks for a plan: "no puedo pagar todo de una vez", "I can't pay the full
 * amount". Bag-of-words reads "pagar todo" / "pay … full" as paying in full.
 */
const NOT_ALL_AT_ONCE = new RegExp(
  [
    String.raw`\b${CANNOT_PAY}(?: (?:it|this|that|the (?:debt|bill|balance|loan)))? (?:all at once|at once|in full|in one (?:go|payment|shot)|the (?:full|whole|total) (?:amount|balance|thing|debt)|the total|everything|it all|all of it)\b`,
    String.raw`\bno (?:${NO_PUEDO}|me alcanza para) (?:pagar|pagarle|pagarlo|pagarla|cancelar|cancelarlo|cancelarla)(?: (?:le|lo|la))? (?:todo|toda|el total|la totalidad|completo|completa|el monto (?:total|completo)|la deuda completa|de una vez|de una sola vez|de golpe|en un (?:solo )?pago|al contado)\b`,
  ].join('|'),
);

/** Asking for a discount or to drop interest and fees ("can I get 50% off?", "pueden condonar los intereses?"). */
const DISCOUNT_REQUEST =
  /\b(?:descuento|descuentito|rebaja|rebajita|condon\w*|(?:perdon|quit|sac|baj|elimin)\w* (?:los|el|las|la) (?:intereses|interes|multas?|recargos?|cargos?)|discount|waive|\d+ ?(?:percent|pct)? off|(?:remove|drop|forgive|take off|cut) (?:the |my |all )?(?:interest|late fees?|fees|penalt\w+|charges)|settle (?:it |this )?for less|me hacen el \d+(?: ?por ?ciento)?)\b/;
/** The classifier's readings that a discount request overrides: it asks to settle (a dispute of the fees stays a dispute). */
const YIELDS_TO_DISCOUNT = new Set<Intent>(['payment_plan', 'promise_to_pay', 'balance', 'none']);

/**
 * A discount request read as a plan, a promise or nothing is `pay_full`: the settlement the policy allows answers it.
 * With a number of installments it stays a plan ("6 cuotas con descuento").
 */
export function isDiscountRequest(intent: Intent, hasCount: boolean, normalized: string): boolean {
  return !hasCount && YIELDS_TO_DISCOUNT.has(intent) && DISCOUNT_REQUEST.test(normalized);
}

/** A message that says the whole amount cannot be paid at once, read as paying in full, is a `payment_plan`. */
export function isPlanForLess(intent: Intent, normalized: string): boolean {
  return (intent === 'pay_full' || intent === 'none') && NOT_ALL_AT_ONCE.test(normalized);
}

const YIELDS_TO_INSTALLMENTS = new Set<Intent>(['promise_to_pay', 'pay_full', 'none', 'affirm', 'hardship']);

/** A number of installments ("en 6 cuotas", "3 payments") makes a payment proposal a plan. */
export function isInstallmentProposal(intent: Intent, hasCount: boolean): boolean {
  return hasCount && YIELDS_TO_INSTALLMENTS.has(intent);
}

/** Per-month words: "$50 a month", "30 lucas al mes", "50 mensuales". */
const PER_MONTH = /\b(?:a month|per month|each month|every month|monthly|a mes|al mes|por mes|cada mes|mensual|mensuales|mensualmente)\b/;

/** A sum of money a month ("maybe $50 a month?", "te pago 30 lucas al mes") proposes a plan, even beside a plea of hardship. */
export function isMonthlyProposal(intent: Intent, hasAmount: boolean, normalized: string): boolean {
  return hasAmount && YIELDS_TO_INSTALLMENTS.has(intent) && PER_MONTH.test(normalized);
}

/**
 * A message that names a day and commits to paying on it is a promise, even when the words around it read as
 * hardship, small talk or a past payment ("no tengo plata ahora, puedo pagar 50 lucas el viernes", "el lunes 30 pago").
 */
export function isDatedCommitment(intent: Intent, normalized: string, hasDate: boolean): boolean {
  return hasDate && YIELDS_TO_COMMITMENT.has(intent) && PAY_VERB.test(normalized) && !PAST_MARKER.test(normalized);
}
