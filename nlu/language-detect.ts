import type { Language } from './locale.js';

const spanishMarkers =
  /[ñ¿¡áéíóú]|\b(hola|holi|buenas|buenos|quiero|quisiera|cuanto|cuánto|cuanta|debo|deuda|deudas|pagar|pague|pagué|pago|puedo|tengo|tiene|gracias|persona|cuotas?|por favor|porfa|ya|necesito|mi|mis|el|la|los|las|que|qué|es|son|soy|yo|una?|con|para|por|de|del|mes|pesos|lucas|saldo|cuenta|hablar|ayuda|reclamo|reclamar|nada|también|tambien|ahora|mañana|manana|ayer|hoy|cómo|como|donde|dónde|esta|está|estoy|sí|no es|mejor|nacimiento|fecha|documento|rut|dni|cedula|cédula|curp)\b/gi;
const englishMarkers =
  /\b(hi|hello|hey|want|how|much|owe|debt|pay|paid|payment|payments|can|have|thanks|thank|you|person|please|already|need|my|the|what|is|are|i'm|i|am|it|to|an|of|for|with|this|that|balance|account|month|today|tomorrow|yesterday|talk|help|speak|agent|wrong|number|date|birth|when|where|yes|sure|okay)\b/gi;

/** The language a text is written in, when its words say so clearly; null when unsure ("ok", "1", "4821"). */
export function detectLanguage(text: string): Language | null {
  const spanish = text.match(spanishMarkers)?.length ?? 0;
  const english = text.match(englishMarkers)?.length ?? 0;
  if (spanish === english) return null;
  return spanish > english ? 'es' : 'en';
}
