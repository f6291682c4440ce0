/**
 * Everything that touches Leaflet. Only imported with `import()`, so Leaflet and its CSS load on the
 * pages that show a map and never in the first load.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import iconRetinaUrl from 'leaflet/dist/images/marker-icon-2x.png';
import iconUrl from 'leaflet/dist/images/marker-icon.png';
import shadowUrl from 'leaflet/dist/images/marker-shadow.png';
import type { GeoPoint, MapSettings } from '@pb/shared';

/** Bundled with the app: Leaflet would otherwise guess the image path from its CSS and miss. */
const markerIcon = L.icon({
  iconUrl,
  iconRetinaUrl,
  shadowUrl,
  iconSize: [25, 41],
  iconAnchor: [12, 41],
  popupAnchor: [1, -34],
  tooltipAnchor: [16, -28],
  shadowSize: [41, 41],
});

/** How far one arrow key press moves a marker, in screen pixels (so it suits every zoom level). */
const ARROW_STEP_PX = 12;

export interface MapTexts {
  zoomIn: string;
  zoomOut: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${String(character.charCodeAt(0))};`);
}

function toLatLng(point: GeoPoint): L.LatLngTuple {
  return [point.latitude, point.longitude];
}

function toPoint(latLng: L.LatLng): GeoPoint {
  // Five decimals is about a metre: enough for a bench, no false precision.
  const round = (value: number) => Math.round(value * 100_000) / 100_000;
  return { latitude: round(latLng.lat), longitude: round(L.Util.wrapNum(latLng.lng, [-180, 180], true)) };
}

export function createMap(element: HTMLElement, settings: MapSettings, texts: MapTexts, center?: GeoPoint): L.Map {
  const map = L.map(element, { zoomControl: false }).setView(toLatLng(center ?? settings.center), settings.zoom);
  L.control.zoom({ zoomInTitle: texts.zoomIn, zoomOutTitle: texts.zoomOut }).addTo(map);
  map.attributionControl.setPrefix(false);
  // MAP_ATTRIBUTION is plain text; Leaflet writes attributions as HTML, so it is escaped here.
  L.tileLayer(settings.tileUrl, { attribution: escapeHtml(settings.attribution), maxZoom: 19 }).addTo(map);
  return map;
}

export interface PickerHandle {
  setPoint(point: GeoPoint | null): void;
  /** Puts the marker where the map is centred (the keyboard way to choose a place). */
  useCentre(): void;
  destroy(): void;
}

/** A map where a click or tap, dragging the marker, or arrow keys on the marker choose the point. */
export function mountPicker(
  element: HTMLElement,
  settings: MapSettings,
  texts: MapTexts & { marker: string },
  initial: GeoPoint | null,
  onchange: (point: GeoPoint | null) => void,
): PickerHandle {
  const map = createMap(element, settings, texts, initial ?? undefined);
  let marker: L.Marker | undefined;

  function place(point: GeoPoint | null, announce: boolean): void {
    if (point === null) {
      marker?.remove();
      marker = undefined;
    } else if (marker === undefined) {
      marker = L.marker(toLatLng(point), { icon: markerIcon, draggable: true, keyboard: true, alt: texts.marker });
      marker.on('dragend', () => {
        if (marker !== undefined) onchange(toPoint(marker.getLatLng()));
      });
      marker.addTo(map);
      marker.getElement()?.addEventListener('keydown', moveWithArrows);
    } else {
      marker.setLatLng(toLatLng(point));
    }
    if (announce) onchange(point);
  }

  function moveWithArrows(event: KeyboardEvent): void {
    const steps: Record<string, [number, number]> = {
      ArrowUp: [0, -ARROW_STEP_PX],
      ArrowDown: [0, ARROW_STEP_PX],
      ArrowLeft: [-ARROW_STEP_PX, 0],
      ArrowRight: [ARROW_STEP_PX, 0],
    };
    const step = steps[event.key];
    if (step === undefined || marker === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    const moved = map.containerPointToLatLng(map.latLngToContainerPoint(marker.getLatLng()).add(step));
    place(toPoint(moved), true);
    map.panTo(moved);
  }

  map.on('click', (event: L.LeafletMouseEvent) => {
    place(toPoint(event.latlng), true);
  });
  place(initial, false);

  return {
    setPoint: (point) => {
      place(point, false);
    },
    useCentre: () => {
      place(toPoint(map.getCenter()), true);
      marker?.getElement()?.focus();
    },
    destroy: () => map.remove(),
  };
}

export interface MarkerEntry {
  point: GeoPoint;
  title: string;
  /** The popup links here; without it the marker has no popup (the proposal's own page). */
  href?: string;
}

/** A map with one marker per entry; each marker's popup links to its page. */
export function mountMarkers(
  element: HTMLElement,
  settings: MapSettings,
  texts: MapTexts,
  entries: readonly MarkerEntry[],
): () => void {
  const map = createMap(element, settings, texts, entries.length === 1 ? entries[0]?.point : undefined);
  const markers = entries.map((entry) => {
    const marker = L.marker(toLatLng(entry.point), {
      icon: markerIcon,
      keyboard: entry.href !== undefined,
      alt: entry.title,
      title: entry.title,
    });
    if (entry.href !== undefined) {
      const link = document.createElement('a');
      link.href = entry.href;
      link.textContent = entry.title;
      marker.bindPopup(link);
    }
    return marker.addTo(map);
  });
  if (entries.length > 1) {
    map.fitBounds(L.latLngBounds(markers.map((marker) => marker.getLatLng())), { padding: [32, 32], maxZoom: 16 });
  }
  return () => map.remove();
}
