package dev.feedloop.demo;

/**
 * Healthy flight and baggage topics of the fictional Wayfarer travel assistant, in the catalogue
 * format read by {@link CatalogParser}. Written for this demo; no external data set is used.
 */
final class TopicsFlights {
    private TopicsFlights() {
    }

    static final String TEXT = """
        topic change_flight | flights
        doc kb-change-flight | Changing a flight: open My Trips, choose the flight and tap Change. You pay the fare difference plus a €15 Wayfarer service fee; Flexi fares have no airline change fee.
        q [can I|how do I|is it possible to] change [the date of|the time of|] my flight to {city}
        q I need to [move|change|push back] my {trip} to {city} to {when}[, how|]
        q how much does it cost to change [a|my] flight[ with {airline}|]
        q [need to|want to] change my return flight to [an earlier|a later] one
        q can I change [my|the] flight on booking {booking_ref}
        a You can change your flight under My Trips > {city|your trip} > Change. You'll pay the fare difference plus a €15 Wayfarer service fee[; Flexi fares have no airline change fee|]. [The new price is shown before you confirm.|If the new flight is cheaper, the difference isn't refunded.]
        a To move your flight, open My Trips, pick the flight and tap Change, then choose the new date[?when: ({when})]. The fare difference and a €15 service fee apply, and you'll see the total before paying.

        topic cancel_booking | flights
        doc kb-cancellation | Cancelling: Flexi fares can be cancelled free of charge up to 24 hours before departure. Basic fares are non-refundable, but airport taxes are refunded on request.
        q how do I cancel my {trip} to {city}
        q [can I|is it possible to] cancel [my booking|booking {booking_ref}] and get [my money back|a refund]
        q I [can't|cannot|won't be able to] travel {when} anymore, [what are my options|can I cancel]
        q [cancel|cancellation of] [my|a] basic fare[ ticket|], [do I get anything back|is there a refund]
        q what happens if I cancel [a|my] flexi [fare|ticket]
        a [You can cancel under My Trips > {city|your trip} > Cancel booking.|To cancel, open My Trips, choose the booking and tap Cancel.] Flexi fares are refunded in full up to 24 hours before departure; Basic fares aren't refundable, but we refund the airport taxes on request.
        a Whether you get money back depends on the fare: Flexi tickets can be cancelled free of charge until 24 hours before departure, while Basic tickets only get the airport taxes back. You'll see the exact amount before you confirm the cancellation.

        topic seat_selection | flights
        doc kb-seats | Seats can be chosen under My Trips > Seats from €8 per flight. Seats are assigned for free at check-in. Extra legroom seats cost more.
        q how do I [choose|pick|select|reserve] [a seat|seats] [on|for] my flight to {city}
        q [can we|how can we] sit together [on the plane|on our flight][ to {city}|]
        q how much does [seat selection|a seat reservation|an extra legroom seat] cost[ with {airline}|]
        q are seats free [if I wait until|at] check[-| ]in
        q I [paid for|booked] a seat but [it's not showing|got moved], [why|what happened]
        a You can pick seats under My Trips > {city|your trip} > Seats; prices start at €8 per flight[, and extra legroom seats cost more|]. If you don't choose one, a seat is assigned for free at check-in[, but we can't guarantee you'll sit together|].
        a Seat reservations start at €8 per flight and are made in My Trips > Seats. [Free seats are given out at check-in.|If the airline changes the aircraft, your paid seat may move; in that case the seat fee is refunded automatically.]

        topic flight_status | flights
        doc kb-flight-status | Flight status: My Trips shows live departure times, gates and delays. Turn on notifications to get updates by push or SMS.
        q is my flight to {city} [on time|delayed|still going ahead] [today|tonight|{when}]
        q [how can I|where do I] check [the status of|if there's a delay on] my flight[ with {airline}|]
        q [what gate does my flight to {city} leave from|which terminal is my flight to {city} at]
        q will I be [told|notified] if my flight [is delayed|gets cancelled|changes]
        a You can see live departure times, gates and delays under My Trips > {city|your flight}. [Turn on notifications and we'll send you a push message or SMS if anything changes.|Gates are usually shown about two hours before departure.]
        a The latest status of your flight[?city: to {city}] is in My Trips. If you switch on notifications in Settings, we'll message you straight away when the time, gate or status changes.

        topic confirmation_email | app
        doc kb-confirmation | Booking confirmations are emailed within 30 minutes. Check your spam folder, or resend the confirmation from My Trips > Documents.
        q I [haven't received|didn't get|never got] [a|my] [booking confirmation|confirmation email][ for {booking_ref}|]
        q [where is|can you resend] my confirmation email[ for the flight to {city}|]
        q [how do I know if my booking went through|is my booking confirmed]
        q the confirmation [went to|was sent to] the wrong email, [it should be|can you send it to] {email}
        a Confirmations are usually emailed within 30 minutes of booking. Please check your spam folder; you can also resend it from My Trips > Documents > Resend confirmation[?booking_ref: for {booking_ref}].
        a If the booking appears in My Trips, it's confirmed. [You can resend the confirmation email from My Trips > Documents.|To send it to another address, update your email under Settings > Profile first, then resend it from My Trips > Documents.]

        topic boarding_pass | flights
        doc kb-boarding-pass | Boarding passes are available in My Trips after check-in and are sent by email. Some airlines require a printed boarding pass.
        q where [is|can I find] my boarding pass[ for {city}|]
        q [do I need to|should I] print my boarding pass[ for {airline}|]
        q [how do I|can I] add my boarding pass to [apple wallet|google wallet|my phone]
        q I checked in but [didn't get|never received] [a|my] boarding pass
        a After check-in, your boarding pass is in My Trips > {city|your flight} > Boarding pass and in the email we send you. [You can add it to Apple Wallet or Google Wallet from there.|Most airlines accept the mobile version; a few still ask for a printed copy, which we mention on the pass.]
        a Boarding passes appear in My Trips once check-in is complete, and we email them too. If it's missing, check that every passenger on the booking is checked in.

        topic delay_compensation | flights
        doc kb-compensation | Under EU rules (Regulation 261/2004) you may get €250 to €600 compensation when a flight from the EU or on an EU airline arrives more than 3 hours late, unless the delay was caused by extraordinary circumstances.
        q my flight [to|from] {city} was [delayed|late] [by|for] [4|5|6] hours, [can I get|am I entitled to] compensation
        q how do I claim [compensation|money back] for a [delayed|cancelled] flight[ with {airline}|]
        q [is there|do I get] compensation if my flight [is|was] cancelled [last minute|the day before]
        q {airline} [delayed my flight|was 3 hours late], what [can I claim|am I owed]
        a If your flight left from the EU or was operated by an EU airline and arrived more than 3 hours late, you may be entitled to €250 to €600 under EU Regulation 261/2004, depending on the distance. This doesn't apply when the delay was caused by extraordinary circumstances such as severe weather. You can start a claim under My Trips > Help > Claim compensation.
        a Compensation depends on the route and the cause: for delays over 3 hours on EU flights it's €250 to €600 per passenger, unless the airline can show extraordinary circumstances. Start a claim from My Trips > Help and we'll forward it to {airline|the airline}.

        topic carry_on | baggage
        doc kb-cabin-bags | Cabin baggage: one bag up to 55 x 40 x 20 cm and 10 kg plus a small personal item that fits under the seat. Basic fares on some airlines include only the personal item.
        q [what size|how big] can my [carry on|cabin bag|hand luggage] be[ on {airline}|]
        q [is a backpack allowed|can I bring a backpack] [as a personal item|in the cabin|on board]
        q how [heavy|many kg] can my hand luggage be
        q does my basic fare include a cabin bag[ on the flight to {city}|]
        a You can bring one cabin bag up to 55 x 40 x 20 cm and 10 kg, plus a small personal item such as a backpack or handbag that fits under the seat. [On some airlines, Basic fares include only the personal item.|Your booking in My Trips shows exactly what's included.]
        a Hand luggage is one bag of up to 10 kg and 55 x 40 x 20 cm, plus a personal item. Check My Trips > {city|your trip} > Baggage to see whether your fare includes the larger cabin bag.

        topic lost_luggage | baggage
        doc kb-lost-luggage | Lost or delayed luggage: report it at the airline's baggage desk before leaving the airport, and keep the file reference. Claims must be made within 7 days (21 days for delayed bags).
        q [my|our] [suitcase|bag|luggage] didn't arrive[ in {city}|], what do I do
        q [the airline|{airline}] lost my [luggage|bag], how do I [get compensation|claim]
        q how long does it take to [find|get back] a lost bag
        q my [bag|suitcase] [arrived damaged|is broken] after my flight[ to {city}|]
        a Please report it at the airline's baggage desk before you leave the airport and keep the file reference they give you. [Claims have to reach the airline within 7 days for damaged bags and 21 days for delayed ones.|Most delayed bags are delivered within 48 hours.] You can track the claim from My Trips > Help.
        a First file a report with {airline|the airline} at the airport (you'll get a reference number). Keep receipts for essentials you buy while you wait; damaged bags must be claimed within 7 days, delayed ones within 21 days.

        topic missed_connection | flights
        doc kb-connections | Missed connections: if both flights are on one booking, the airline rebooks you on the next available flight at no cost. Separate tickets are not protected unless you bought Connection Protection.
        q I [missed|will miss] my connecting flight[ in {city}|] because the first one was late, what now
        q [what happens|am I covered] if I miss my connection[ with {airline}|]
        q [my|the] layover [is only|is] [45 minutes|an hour], what if I miss the next flight
        a If both flights are on the same booking, the airline rebooks you on the next available flight at no extra cost; go to the transfer desk[?city: in {city}]. Flights on separate tickets are only protected if you added Connection Protection.
        a When the connection is on one booking, you're protected: the airline will rebook you for free. With separate tickets, you'd have to buy a new one unless you have Connection Protection, which you can see under My Trips > Extras.

        topic pets | flights
        doc kb-pets | Pets: cats and small dogs up to 8 kg including the carrier can travel in the cabin on most airlines, for a fee from €40. Larger animals travel in the hold. Request it at least 48 hours before departure.
        q can I [bring|take] my [dog|cat] [on the plane|on my flight to {city}]
        q how much does it cost to fly with a [pet|small dog|cat][ on {airline}|]
        q [what are the rules for|rules for] pets in the cabin
        a Cats and small dogs up to 8 kg, including the carrier, can fly in the cabin on most airlines for a fee from €40. Heavier animals travel in the hold. Please add the pet under My Trips > Extras at least 48 hours before departure.
        a Usually, pets up to 8 kg with their carrier can travel in the cabin, from €40 per flight. Request it at least 48 hours before you fly[?airline: and {airline} will confirm it by email].

        topic infants | flights
        doc kb-infants | Infants under 2 travel on a parent's lap for 10% of the adult fare plus taxes. One infant per adult. A child seat requires a separate ticket.
        q how much is a ticket for a baby[ on {airline}|]
        q [do I need to|should I] buy a seat for my [baby|infant|toddler]
        q can I add [my baby|an infant] to an existing booking[ {booking_ref}|]
        q [what's the age limit for|until what age is] an infant ticket
        a Children under 2 can travel on your lap for 10% of the adult fare plus taxes (one infant per adult). If you'd like a separate seat for them, you need to book a child ticket. You can add an infant under My Trips > Passengers.
        a An infant ticket (under 2 years) costs 10% of the adult fare plus taxes and doesn't include a seat. Add the infant in My Trips > Passengers; each adult can travel with one infant.

        topic special_assistance | flights
        doc kb-assistance | Special assistance (wheelchair, visual or hearing impairment, reduced mobility) is free. Request it at least 48 hours before departure under My Trips > Assistance.
        q [how do I|can I] [book|request] a wheelchair [at the airport|for my flight to {city}]
        q {someone} [needs|will need] help [getting through the airport|at the airport|boarding], can you arrange it
        q [is there|do you offer] assistance for [blind|deaf|elderly] passengers
        a Assistance at the airport and on board is free. Please request it at least 48 hours before departure under My Trips > {city|your trip} > Assistance, and tell us what kind of help is needed (for example a wheelchair to the gate).
        a We can arrange free assistance for reduced mobility, visual or hearing impairments. Add the request in My Trips > Assistance at least 48 hours before departure, and the airport team will meet you at check-in.

        topic meals | flights
        doc kb-meals | Special meals (vegetarian, vegan, gluten-free, halal, kosher) can be requested up to 24 hours before departure on flights that serve meals.
        q can I [order|get|request] a [vegetarian|vegan|gluten free|halal|kosher] meal [on my flight|on {airline}]
        q [is food|are meals] included on my flight to {city}
        q how do I [add|choose] a special meal
        a If your flight serves meals, you can request a special meal (vegetarian, vegan, gluten-free, halal or kosher) under My Trips > {city|your trip} > Meals up to 24 hours before departure. [Short flights often only have snacks for sale.|Your booking shows whether a meal is included.]
        a Special meals can be added in My Trips > Meals until 24 hours before the flight. Whether a meal is included depends on {airline|the airline} and the fare; it's listed in your booking details.

        topic multi_city | flights
        doc kb-multi-city | Multi-city trips: choose Multi-city on the search page to combine up to 6 flights in one booking.
        q [can I|how do I] book a [multi city|multi-city|round the world] trip
        q I want to fly to {city} and then [on|onwards] to another city, [can I book that in one go|in one booking]
        q how many [stops|flights] can I add to one booking
        a Pick Multi-city on the search page and add up to 6 flights to one booking. Prices are calculated for the whole itinerary, and if one flight changes, the others on the booking stay protected.
        a On the search page, switch to Multi-city and enter each leg[?city: starting with {city}]. You can combine up to 6 flights in one booking.

        topic group_booking | flights
        doc kb-groups | Groups of 10 or more travellers are booked through the group request form; we send a quote within 2 business days.
        q how do I book flights for a group of [10|12|15|20] people
        q [is there|do you have] a [group discount|discount for groups]
        q we're a [school group|team|wedding party] flying to {city}, [how do we book|can we book together]
        a For 10 or more travellers, please use the group request form under Help > Group travel. We'll send you a quote within 2 business days, and group fares often let you add names later.
        a Group bookings (10+ people) go through our group request form; you'll get a quote within 2 business days[?city: for the trip to {city}]. Smaller groups can book normally with up to 9 passengers per booking.

        topic sports_equipment | baggage
        doc kb-sports | Sports equipment such as skis, golf clubs or bikes can be added under My Trips > Extras from €45 per flight. Bikes must be packed in a box or bag.
        q how much [is it|does it cost] to bring [skis|my bike|golf clubs|a surfboard] [on the plane|to {city}]
        q can I take [my bike|a snowboard] as checked luggage[ on {airline}|]
        q [do I need to|how do I] pack a bike for a flight
        a Sports equipment like skis, golf clubs or bikes can be added under My Trips > Extras from €45 per flight, depending on the airline. Bikes must be packed in a box or bike bag.
        a Sports gear travels as special baggage: add it in My Trips > Extras (from €45 per flight). Please pack bikes in a box or padded bag with the pedals removed.

        topic visa | flights
        doc kb-visa | Visa and entry rules: Wayfarer cannot give official advice on entry requirements. Check the destination's official government website or embassy before travelling.
        q do I need a visa for {city}
        q [what documents|which documents] do I need to [travel to|enter] {city}
        q [does my passport need|does my passport have] to be valid for 6 months[ for {city}|]
        a Entry rules depend on your nationality, so please check the official government website or embassy of your destination[?city: for {city}] before you travel. We can't give official advice on visas, but the booking page links to the official sources.
        a Visa rules depend on your passport and change often, so the embassy or official government website of the country you're visiting is the reliable source. Many countries also require your passport to be valid for several months after you leave.

        topic lounge | flights
        doc kb-lounges | Airport lounge passes can be bought under My Trips > Extras at selected airports, from €32 per person.
        q can I [get|buy] [lounge access|a lounge pass] [at|in] {city} airport
        q how much is [a|the] lounge [pass|access]
        q [is lounge access included|do I get lounge access] with my ticket
        a Lounge passes are available at selected airports under My Trips > Extras, from €32 per person. Lounge access isn't included in standard tickets, but Navigator members get two free passes a year.
        a You can buy a lounge pass in the app (My Trips > Extras) from €32[?city: if there's a partner lounge in {city}]. Standard fares don't include lounge access.

        topic wifi | flights
        doc kb-wifi | Wi-Fi on board depends on the airline and aircraft; it is shown in the flight details when available. Prices are set by the airline.
        q [is there|do they have] wifi on [my flight|the plane|{airline}]
        q how much does [wifi|internet] cost on board
        q can I use my phone during the flight to {city}
        a Whether there's Wi-Fi depends on {airline|the airline} and the aircraft; if it's available, it's shown in your flight details in My Trips. Prices are set by the airline and paid on board.
        a Some aircraft have Wi-Fi and some don't; check the flight details in My Trips. Phones can be used in flight mode during the flight.
        """;
}
