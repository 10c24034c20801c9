package dev.feedloop.demo;

/** Healthy account, payment and app topics of the fictional Wayfarer travel assistant (catalogue format). */
final class TopicsAccount {
    private TopicsAccount() {
    }

    static final String TEXT = """
        topic refund_status | payments
        doc kb-refunds | Refunds are paid to the original payment method. Airlines take up to 7 days to approve a refund, then banks need 3 to 7 business days to show it.
        doc kb-refund-tracking | You can follow a refund under My Trips > Refunds. The status moves from Requested to Approved to Paid.
        q [where is|what happened to|any news on|any update on] my refund [for|on] [the|my] {trip} to {city}
        q I [cancelled|canceled] my {trip} [two weeks|10 days|a month|three weeks] ago and [still haven't|haven't] [got|received|seen] [my money|the refund|my refund][ back|]
        q how long [does it take|do refunds take] to get [my money|a refund] back[ after cancelling| after a cancellation|]
        q [my|the] refund [says|shows] [approved|pending] but [nothing has arrived|it's not in my account|my bank shows nothing][ yet|]
        q when will I get my refund[ for booking {booking_ref}|]
        a Refunds go back to the original payment method. The airline usually approves them within 7 days, and your bank then needs 3 to 7 business days. You can follow the status under My Trips > Refunds.
        a [Once|After] you cancel, the airline has up to 7 days to approve the refund; after that your bank takes 3 to 7 business days. [If it shows Paid and you still can't see it, please contact your bank with the payment date.|Under My Trips > Refunds you'll see whether it's Requested, Approved or Paid.]

        topic payment_declined | payments
        doc kb-payment-declined | Declined payments: check that 3-D Secure is confirmed in your banking app, that the card allows online payments abroad, and that the billing address matches. Try another card if it keeps failing.
        q my [card|payment] [keeps getting|was] declined[ when booking|]
        q why [won't|doesn't] my card ending {card_end} [work|go through]
        q [payment failed|the payment failed] but [money was taken|I was charged], [what now|what do I do]
        q [I get an|there is an] error when [I try to pay|paying] for my {trip} to {city}
        a Payments are most often declined because the 3-D Secure check wasn't confirmed in your banking app, the card doesn't allow online payments abroad, or the billing address doesn't match. Please try again after checking these, or use another card. If money was taken for a failed payment, it's a temporary hold that your bank releases within a few days.
        a Please check that you approved the payment in your banking app (3-D Secure) and that the billing address matches your card[?card_end: ending {card_end}]. [If it still fails, try another card or PayPal.|A failed payment can show as a pending charge, but it's released automatically by your bank.]

        topic password_reset | account
        doc kb-password | Password reset: use Forgot password on the sign-in page. The reset link is valid for 30 minutes.
        q [I forgot|can't remember] my password
        q how do I reset my password
        q the [password reset|reset] link [doesn't work|has expired|never arrived][, my email is {email}|]
        q I can't log in to my account
        a Use Forgot password on the sign-in page and we'll email you a reset link, which is valid for 30 minutes. [If it doesn't arrive, check your spam folder.|If the link has expired, just request a new one.]
        a To reset your password, tap Forgot password on the sign-in page and follow the link in the email. The link works for 30 minutes; request a new one if it has expired.

        topic invoice | payments
        doc kb-invoices | Invoices and receipts can be downloaded under My Trips > Documents > Invoice. To add a company name or VAT number, edit the billing details before downloading.
        q [where can I|how do I] [get|download] [an invoice|a receipt] for my {trip}[ to {city}|]
        q I need an invoice with my company [name|details|VAT number] on it
        q [can you send me|how do I get] a receipt for booking {booking_ref}
        a You can download the invoice under My Trips > {city|your trip} > Documents > Invoice. To add a company name or VAT number, edit the billing details there first and then download it again.
        a Invoices and receipts are in My Trips > Documents. If you need company details on it, add them under Billing details before you download it.

        topic miles | account
        doc kb-miles | Wayfarer Miles: you earn 1 mile per €1 spent on flights and hotels. Miles appear 3 days after the trip and can be redeemed at checkout (100 miles = €1).
        q how many [miles|points] do I get for [my trip|my booking|a flight to {city}]
        q my [miles|points] [haven't shown up|didn't appear] after my trip[ to {city}|]
        q how do I [use|redeem|spend] my wayfarer miles
        q [what are|how much are] [my miles|100 miles] worth
        a You earn 1 Wayfarer Mile for every €1 spent on flights and hotels. Miles appear in your account 3 days after the trip[?city: to {city}], and you can use them at checkout, where 100 miles are worth €1.
        a Miles are added 3 days after you travel. To redeem them, choose Pay with miles at checkout (100 miles = €1). If they're missing after a week, you can claim them under Account > Miles > Missing miles.

        topic promo_code | payments
        doc kb-promo | Promo codes are entered on the payment page. One code per booking; codes cannot be added after booking.
        q [where do I|how do I] [enter|use|apply] a promo code
        q my [promo|discount] code [doesn't work|isn't working|is invalid]
        q can I [add|use] a promo code after [booking|I've paid]
        a Enter the code in the Promo code field on the payment page before you pay. Only one code can be used per booking, and codes can't be added after the booking is made. [If it's rejected, check the expiry date and the minimum spend.|Some codes only work for certain destinations or dates.]
        a Promo codes go in the field on the payment page. If yours isn't accepted, it may have expired or not apply to this route; codes can't be applied to existing bookings.

        topic payment_methods | payments
        doc kb-payment-methods | Accepted payment methods: Visa, Mastercard, American Express, PayPal, Apple Pay, Google Pay, and Pay in 3 for bookings over €150.
        q [what|which] payment methods do you accept
        q can I pay with [paypal|apple pay|google pay|amex|a bank transfer]
        q [can I|is it possible to] pay in [instalments|installments|3 parts]
        a We accept Visa, Mastercard, American Express, PayPal, Apple Pay and Google Pay. For bookings over €150 you can also choose Pay in 3, which splits the price into three monthly payments. Bank transfers aren't accepted.
        a You can pay by card (Visa, Mastercard, Amex), PayPal, Apple Pay or Google Pay. Pay in 3 is available for bookings over €150.

        topic travel_credit | payments
        doc kb-travel-credit | Travel credit from cancelled bookings is valid for 12 months and is applied automatically at checkout when you are signed in.
        q how do I use my travel [credit|voucher]
        q [when does my voucher expire|how long is my travel credit valid]
        q [I have|there's] a voucher from a cancelled [flight|trip], [can I use it for someone else|can I get cash instead]
        a Travel credit is valid for 12 months from the day it was issued and is applied automatically at checkout when you're signed in. It can be used for bookings for other travellers too, but it can't be paid out in cash.
        a Sign in before you book and the credit is offered at checkout. You'll find the balance and expiry date (12 months after issue) under Account > Travel credit.

        topic update_email | account
        doc kb-profile | Profile details: change your email address or phone number under Settings > Profile. A verification link is sent to the new address.
        q how do I change the email [on|for] my account[ to {email}|]
        q I [changed|got a new] phone number, [it's|the new number is] {phone}, how do I update it
        q [update|change] my email address [please|to {email}]
        a You can change your email address and phone number under Settings > Profile. We'll send a verification link to the new address, and the change applies once you click it.
        a Go to Settings > Profile, edit the email or phone number and confirm via the link we send. Your bookings stay linked to your account.

        topic two_factor | account
        doc kb-2fa | Two-step verification can use an authenticator app or SMS. Turn it on under Settings > Security. Backup codes let you sign in if you lose your phone.
        q how do I turn on two[-| ]factor [authentication|verification]
        q I [lost|got a new] phone and can't get the [login|verification] code
        q [the|my] sms code [never arrives|doesn't come|isn't coming][ to {phone}|]
        a Turn on two-step verification under Settings > Security, using an authenticator app or SMS. If you've lost your phone, sign in with one of your backup codes and set up the new device.
        a You can use an authenticator app or text messages for the second step. If the SMS doesn't arrive, wait a minute and tap Resend, or use a backup code from Settings > Security.

        topic gift_card | payments
        doc kb-gift-cards | Wayfarer gift cards are valid for 24 months and can be used for flights, hotels and cars. Enter the card number on the payment page.
        q [how do I|can I] [use|redeem] a[ wayfarer|] gift card
        q [can I buy|do you sell] gift cards
        q [how long|until when] is [my|a] gift card valid
        a Enter the gift card number on the payment page; the amount is deducted from the total and any rest stays on the card. Gift cards are valid for 24 months and can be used for flights, hotels and car rentals.
        a Gift cards can be bought under Gifts on our website and are valid for 24 months. You can combine a gift card with another payment method at checkout.

        topic status_tiers | account
        doc kb-tiers | Wayfarer status tiers: Explorer (from 0 miles), Voyager (from 15,000 miles a year) and Navigator (from 40,000 miles a year). Navigator includes two lounge passes a year.
        q what are the[ wayfarer|] status [tiers|levels]
        q how do I [get|reach] [voyager|navigator] status
        q what [benefits|perks] do I get with [voyager|navigator|my status]
        a There are three tiers: Explorer from the start, Voyager from 15,000 miles a year and Navigator from 40,000 miles a year. Higher tiers bring bonus miles and free seat selection, and Navigator includes two lounge passes a year.
        a Status is based on the miles you earn in a calendar year: 15,000 for Voyager and 40,000 for Navigator. You can see your progress under Account > Status.

        topic price_alerts | app
        doc kb-price-alerts | Price alerts: tap the bell icon on a search result to get an email or push notification when the price changes.
        q [how do I|can I] set[ up|] a price alert for flights to {city}
        q [can you|will you] tell me when [flights to {city}|prices] get cheaper
        q I'm not getting price alert [emails|notifications]
        a Tap the bell icon on a search result[?city: for {city}] and we'll notify you by email or push notification when the price changes. You can manage your alerts under Account > Price alerts.
        a Search for the route, then tap the bell icon to create a price alert. If alerts don't arrive, check that notifications are enabled under Settings > Notifications.

        topic notifications | app
        doc kb-notifications | Notifications: choose push, email or SMS updates under Settings > Notifications. Flight changes are always sent by email.
        q how do I [turn off|stop|mute] [notifications|marketing emails|push notifications]
        q [can I|how do I] get [sms|text] updates for my flight[ to {city}|]
        q I'm getting too many [emails|notifications] from [you|the app]
        a You can choose push, email or SMS updates under Settings > Notifications, and switch off marketing messages there. Important changes to your flights are always sent by email.
        a Open Settings > Notifications to pick which messages you get and how. [Turning off marketing emails doesn't stop booking updates.|SMS updates for your flight can be switched on there too.]

        topic delete_account | account
        doc kb-delete-account | Deleting your account: Settings > Privacy > Delete account. Your data is removed within 30 days; bookings that are still open must be completed or cancelled first.
        q how do I delete my[ wayfarer|] account
        q [please|can you] [remove|delete] my data
        q [how long does it take to delete my account|when is my account deleted]
        a You can delete your account under Settings > Privacy > Delete account. Your data is removed within 30 days; any upcoming bookings need to be completed or cancelled first.
        a Go to Settings > Privacy and choose Delete account. We delete your personal data within 30 days, except what we must keep for tax records.

        topic student_discount | payments
        doc kb-students | Students aged 18-26 can verify their status under Account > Student to get 10% off selected fares and an extra 10 kg of checked baggage on partner airlines.
        q [do you have|is there] a student discount
        q how do I [verify|prove] that I'm a student
        q [can I get|do students get] [cheaper flights|a discount] to {city}
        a Students aged 18 to 26 can verify their status under Account > Student and then get 10% off selected fares, plus 10 kg of extra baggage on partner airlines.
        a Verify your student status under Account > Student (you'll need a student email or card). After that, eligible fares show the student price automatically.

        topic currency_display | app
        doc kb-currency-display | Display currency: choose the currency prices are shown in under Settings > Currency. Payments are charged in the currency shown on the payment page.
        q [how do I|can I] change the currency [on|in] the [app|website]
        q why are prices [shown|showing] in [dollars|pounds|the wrong currency]
        q [which|what] currency will I be charged in
        a You can choose the display currency under Settings > Currency. The payment page shows the currency you'll actually be charged in; if it differs from your card's currency, your bank may add a conversion fee.
        a Change it in Settings > Currency. The amount is charged in the currency shown on the payment page.
        """;
}
