// The shop's catalog. Prices are integers in minor units; the database copy (seeded from
// this list) is what orders are priced from.
export interface CatalogProduct {
  id: string;
  name: string;
  description: string;
  unitAmount: number;
  currency: string;
  imagePath: string;
}

export const CATALOG: readonly CatalogProduct[] = [
  { id: "ceramic-mug", name: "Ceramic Mug", description: "Stoneware mug, 350 ml, glazed in slate blue. Dishwasher safe.", unitAmount: 1800, currency: "usd", imagePath: "/products/ceramic-mug.svg" },
  { id: "linen-tote", name: "Linen Tote", description: "Heavy natural linen with leather handles; fits a laptop.", unitAmount: 3200, currency: "usd", imagePath: "/products/linen-tote.svg" },
  { id: "pour-over-kettle", name: "Pour-over Kettle", description: "Gooseneck kettle, 1 l, brushed steel, for a slow steady pour.", unitAmount: 5400, currency: "usd", imagePath: "/products/pour-over-kettle.svg" },
  { id: "notebook-set", name: "Notebook Set", description: "Three A5 dot-grid notebooks, 120 gsm paper, lay-flat binding.", unitAmount: 2400, currency: "usd", imagePath: "/products/notebook-set.svg" },
  { id: "desk-lamp", name: "Desk Lamp", description: "Warm LED lamp with a dimmer and a weighted brass base.", unitAmount: 8900, currency: "usd", imagePath: "/products/desk-lamp.svg" },
  { id: "wool-throw", name: "Wool Throw", description: "Merino blanket, 130 × 170 cm, woven in a herringbone pattern.", unitAmount: 12500, currency: "usd", imagePath: "/products/wool-throw.svg" },
];
