package dev.feedloop.demo;

/** Healthy hotel and car topics of the fictional Wayfarer travel assistant (catalogue format). */
final class TopicsStays {
    private TopicsStays() {
    }

    static final String TEXT = """
        topic hotel_cancel | hotels
        doc kb-hotel-cancel | Hotel cancellations: free cancellation is possible until the date shown on your booking. Non-refundable rates cannot be cancelled for a refund.
        q how do I cancel my hotel [booking|reservation|stay] [in {city}|at {hotel}]
        q [is my hotel booking refundable|can I get a refund on my hotel] if I cancel
        q I [need|want] to cancel [the|my] [room|hotel][ for {when}|], [is it free|will I be charged]
        a You can cancel under My Trips > {hotel|your hotel} > Cancel. Cancellation is free until the date shown on your booking; after that, or for non-refundable rates, the hotel keeps the payment.
        a Whether it's free depends on the rate you booked: flexible rates can be cancelled at no cost until the deadline in your booking, non-refundable ones can't be refunded. Open My Trips to see the exact deadline.

        topic hotel_change | hotels
        doc kb-hotel-change | Changing hotel dates: flexible rates can be changed in My Trips > Change dates, subject to availability. Non-refundable rates cannot be changed.
        q can I change the dates of my hotel [booking|stay] [in {city}|at {hotel}]
        q [I need to|can I] [add a night|stay one more night|extend my stay] [at {hotel}|in {city}]
        q how do I [change|upgrade] my room[ type|] at {hotel}
        a Flexible rates can be changed under My Trips > {hotel|your hotel} > Change dates, depending on availability; you pay or get back the price difference. Non-refundable rates can't be changed, but you can book the extra night separately.
        a If your rate is flexible, open the booking in My Trips and choose Change dates or Change room. For non-refundable rates, please contact the property directly[?hotel: ({hotel} can often help)].

        topic hotel_checkin_time | hotels
        doc kb-hotel-times | Hotel check-in usually starts at 15:00 and check-out is at 11:00. Early check-in and late check-out depend on the hotel.
        q what time is check in at {hotel}
        q can I [check in early|get early check-in|check out late] at [my hotel|{hotel}]
        q [what time do I have to|when do I need to] check out[ in {city}|]
        a Check-in usually starts at 15:00 and check-out is by 11:00; the exact times for {hotel|your hotel} are in your booking. Early check-in or late check-out depends on the hotel, so you can send them a request from My Trips > Message the property.
        a Most hotels let you in from 15:00 and ask you to leave by 11:00. If you need an earlier arrival, message the hotel from My Trips; they'll confirm if a room is ready.

        topic hotel_breakfast | hotels
        doc kb-hotel-amenities | Breakfast, parking and other amenities are listed on the room card of your booking. Breakfast can be added at many hotels in My Trips > Extras.
        q is breakfast included at {hotel}
        q does [my hotel|{hotel}] have [parking|a pool|wifi|a gym]
        q can I add breakfast to my [hotel booking|room][ in {city}|]
        a What's included is listed on the room card in your booking[?hotel: for {hotel}]. If breakfast isn't included, many hotels let you add it under My Trips > Extras; otherwise you can pay for it on site.
        a You'll find breakfast, parking and other amenities on the room card under My Trips. Breakfast can often be added afterwards in Extras.

        topic car_deposit | cars
        doc kb-car-deposit | Car rental deposits are blocked on a credit card in the main driver's name when you pick up the car and released within 14 days after return. Debit cards are accepted by some suppliers.
        q how much is the deposit for [the|my] rental car[ in {city}|]
        q can I [pay the deposit|rent a car] with a debit card
        q when [do I get|will I get] my car rental deposit back
        q [why did they block|they blocked] [€300|€500|€800] on my card [for|at] the car rental[ in {city}|]
        a The supplier blocks a deposit on a credit card in the main driver's name when you pick up the car; the amount is in your rental voucher. It's released within 14 days after you return the car. Some suppliers also accept debit cards, which is shown on the booking page.
        a The deposit isn't a charge: it's a hold on your credit card that is released within 14 days after the car is returned undamaged. Check your voucher in My Trips for the amount and whether a debit card is accepted.

        topic young_driver | cars
        doc kb-young-drivers | Drivers under 25 pay a young driver fee set by the supplier, usually €10 to €25 per day. Most suppliers require a licence held for at least 1 year.
        q can I rent a car [if I'm|at] [19|20|21|22|23|24][ years old|]
        q [is there|how much is] [a|the] young driver [fee|surcharge]
        q does my partner need to be over 25 to drive the rental car
        a Most suppliers rent to drivers from 21 (some from 19), but drivers under 25 pay a young driver fee of about €10 to €25 per day. The licence usually has to be held for at least a year. The exact conditions are on the car's booking page.
        a Drivers under 25 can usually rent a car but pay a young driver fee, typically €10 to €25 a day. Add every driver's age when you search so the price includes it.

        topic airport_transfer | cars
        doc kb-transfers | Airport transfers can be booked under My Trips > Extras: shared shuttles or private cars, with free cancellation up to 24 hours before pickup.
        q [can I|how do I] book a transfer from [the airport|{city} airport] to my hotel
        q [do you have|is there] a shuttle from the airport[ in {city}|]
        q how much is a taxi from {city} airport to [the city centre|my hotel]
        a You can book a shared shuttle or a private car under My Trips > Extras > Transfers[?city: in {city}]. Prices are fixed when you book, and you can cancel for free up to 24 hours before pickup.
        a Transfers can be added to your trip in My Trips > Extras. Choose a shared shuttle or a private car; the driver waits at arrivals with your name.
        """;
}
