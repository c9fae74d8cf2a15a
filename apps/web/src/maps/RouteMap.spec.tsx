import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderScreen } from '../testing/render';
import RouteMap from './RouteMap';

const NAMES: Record<string, string> = { BR: 'Brazil', ES: 'Spain', FR: 'France', SG: 'Singapore' };

describe('RouteMap', () => {
  it('colours departure, transit and destination and joins them in order', () => {
    renderScreen(
      <RouteMap
        route={{ departureCountry: 'BR', transitCountries: ['ES', 'SG'], destinationCountry: 'FR' }}
        label={(code) => NAMES[code] ?? code}
      />,
    );
    const map = screen.getByRole('img', {
      name: 'Route on the world map: Brazil → Spain → Singapore → France',
    });
    const marked = Object.fromEntries(
      [...map.querySelectorAll('[data-mark]')].map((shape) => [
        shape.getAttribute('data-country'),
        shape.getAttribute('data-mark'),
      ]),
    );
    // Singapore is too small for the 1:110m map: it is named below it instead.
    expect(marked).toEqual({ BR: 'departure', ES: 'transit', FR: 'destination' });
    expect(map.querySelector('[data-country="BR"] title')).toHaveTextContent('Departure: Brazil');
    expect(map.querySelector('[data-country="DE"]')).not.toHaveAttribute('data-mark');
    // Brazil → Spain → France: two legs (Singapore has no place on the map to join).
    expect(screen.getAllByTestId('route-leg')).toHaveLength(2);
    expect(screen.getByText('Too small for the map: Singapore')).toBeInTheDocument();
  });

  it('draws no leg for a route of one country', () => {
    renderScreen(
      <RouteMap route={{ transitCountries: [], destinationCountry: 'FR' }} label={(c) => c} />,
    );
    expect(screen.getByRole('img').querySelector('[data-mark="destination"]')).toHaveAttribute(
      'data-country',
      'FR',
    );
    expect(screen.queryAllByTestId('route-leg')).toHaveLength(0);
  });
});
