"""The GraphQL documents the pages send: public storefront operations, nothing else."""

LOGIN_METHODS = "{ storefront { loginMethods } }"
AUTH = "session { token expiresAt } errors { code field message }"

LOGIN = f"""mutation PagesLogin($email: String!, $password: String!) {{
  login(email: $email, password: $password) {{ {AUTH} }} }}"""
REQUEST_LINK = """mutation PagesRequestLink($email: String!) {
  requestSignInLink(email: $email) { errors { code field message } } }"""
SIGN_IN_WITH_LINK = f"""mutation PagesSignInWithLink($token: String!) {{
  signInWithLink(token: $token) {{ {AUTH} }} }}"""
REGISTER = """mutation PagesRegister($input: RegisterInput!) {
  register(input: $input) { contact { email } errors { code field message } } }"""
RESEND = """mutation PagesResend($email: String!) {
  resendConfirmation(email: $email) { errors { code field message } } }"""
CONFIRMATION_KIND = (
    "query PagesConfirmationKind($token: String!) { confirmationKind(token: $token) }"
)
CONFIRM_EMAIL = f"""mutation PagesConfirmEmail($token: String!) {{
  confirmEmail(token: $token) {{ {AUTH} }} }}"""
CONFIRM_EMAIL_CHANGE = """mutation PagesConfirmEmailChange($token: String!) {
  confirmEmailChange(token: $token) { email errors { code field message } } }"""
CONFIRM_DELETION = """mutation PagesConfirmDeletion($token: String!) {
  confirmAccountDeletion(token: $token) { errors { code field message } } }"""
REQUEST_RESET = """mutation PagesRequestReset($email: String!) {
  requestPasswordReset(email: $email) { errors { code field message } } }"""
RESET_PASSWORD = f"""mutation PagesResetPassword($token: String!, $password: String!) {{
  resetPassword(token: $token, password: $password) {{ {AUTH} }} }}"""
LOGOUT = "mutation PagesLogout { logout { errors { code field message } } }"

MONEY = "{ amount currency }"
ADDRESS = "{ id name street postalCode city country }"
ORDER_SUMMARY = f"""number placedAt total {MONEY} paymentStatus fulfilmentStatus
  lines {{ quantity }}"""

DASHBOARD = f"""query PagesDashboard {{
  viewer {{
    fullName email locale phone vatNumber
    customerGroup {{ name discountPercent }}
    organisation {{ name }}
    defaultShippingAddress {ADDRESS}
    orders(first: 5) {{ edges {{ node {{ {ORDER_SUMMARY} }} }} }}
    favourites(first: 1) {{ edges {{ cursor }} }}
  }}
}}"""
ORDERS = f"""query PagesOrders($after: String) {{
  viewer {{ locale orders(first: 20, after: $after) {{
    edges {{ node {{ {ORDER_SUMMARY} }} }} pageInfo {{ hasNextPage endCursor }} }} }}
}}"""
ORDER_FIELDS = f"""id number placedAt
  lines {{ sku name quantity unitPrice {MONEY} total {MONEY} }}
  shippingMethod shippingAddress {ADDRESS} billingAddress {ADDRESS}
  expectedDeliveryDate trackingUrl total {MONEY} amountPaid {MONEY} paymentMethod
  paymentStatus fulfilmentStatus invoices {{ id number issuedAt total {MONEY} downloadUrl }}"""
INVOICE_LINKS = """query PagesInvoiceLinks($number: String!) {
  order(number: $number) { invoices { id downloadUrl } } }"""
ORDER_ID = "query PagesOrderId($number: String!) { order(number: $number) { id } }"
REORDER = f"""mutation PagesReorder($orderId: ID!) {{
  reorder(orderId: $orderId) {{
    checkout {{ id lines {{ sku name quantity unitPrice {MONEY} total {MONEY} }} total {MONEY} }}
    errors {{ code field message }} }} }}"""

ADDRESSES = f"""query PagesAddresses {{
  viewer {{ locale addresses {ADDRESS}
    defaultShippingAddress {{ id }} defaultBillingAddress {{ id }} }} }}"""
ADDRESS_PAYLOAD = f"address {ADDRESS} errors {{ code field message }}"
ADDRESS_CREATE = f"""mutation PagesAddressCreate($input: AddressInput!) {{
  addressCreate(input: $input) {{ {ADDRESS_PAYLOAD} }} }}"""
ADDRESS_UPDATE = f"""mutation PagesAddressUpdate($id: ID!, $input: AddressInput!) {{
  addressUpdate(id: $id, input: $input) {{ {ADDRESS_PAYLOAD} }} }}"""
ADDRESS_DELETE = """mutation PagesAddressDelete($id: ID!) {
  addressDelete(id: $id) { deletedId errors { code field message } } }"""
SET_DEFAULT = """mutation PagesSetDefault($id: ID!, $kind: AddressKind!) {
  setDefaultAddress(id: $id, kind: $kind) { errors { code field message } } }"""


def order_query(extra: str) -> str:
    """The order page's query; `extra` adds the parts of Order this schema has (shipments...)."""
    return f"""query PagesOrder($number: String!) {{
  viewer {{ locale }}
  order(number: $number) {{ {ORDER_FIELDS} {extra} }}
}}"""


SHIPMENTS = (
    """shipments { id carrier trackingNumber trackingUrl shippedAt lines { sku quantity } }"""
)
RETURNS = """returns { id number status requestedAt comment note lines { sku quantity reason } }"""
RETURN_WINDOW = "query PagesReturnWindow { storefront { returnWindowDays } }"
RETURN_REQUEST = """mutation PagesReturnRequest($orderId: ID!, $input: ReturnRequestInput!) {
  returnRequest(orderId: $orderId, input: $input) {
    return { number } errors { code field message } } }"""

PROFILE = """query PagesProfile {
  storefront { loginMethods }
  viewer { fullName email emailConfirmed phone locale vatNumber } }"""
UPDATE_PROFILE = """mutation PagesUpdateProfile($input: ProfileInput!) {
  updateProfile(input: $input) { contact { locale } errors { code field message } } }"""
REQUEST_EMAIL_CHANGE = """mutation PagesRequestEmailChange($newEmail: String!,
    $currentPassword: String) {
  requestEmailChange(newEmail: $newEmail, currentPassword: $currentPassword) {
    errors { code field message } } }"""
CHANGE_PASSWORD = """mutation PagesChangePassword($currentPassword: String!,
    $newPassword: String!) {
  changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
    errors { code field message } } }"""
REQUEST_DELETION = """mutation PagesRequestDeletion {
  requestAccountDeletion { errors { code field message } } }"""
SESSIONS = """query PagesSessions {
  viewer { locale sessions { id createdAt lastUsedAt expiresAt userAgent current } } }"""
SIGN_OUT_OTHERS = """mutation PagesSignOutOthers {
  signOutEverywhereElse { revokedCount errors { code field message } } }"""
SESSION_REVOKE = """mutation PagesSessionRevoke($id: ID!) {
  sessionRevoke(id: $id) { revokedCount errors { code field message } } }"""
EXPORT = "query PagesExport { exportMyData }"

FAVOURITES = f"""query PagesFavourites($after: String) {{
  viewer {{ locale favourites(first: 50, after: $after) {{
    edges {{ node {{ addedAt product {{ sku name price {MONEY} }} }} }}
    pageInfo {{ hasNextPage endCursor }} }} }} }}"""
FAVOURITE_REMOVE = """mutation PagesFavouriteRemove($sku: String!) {
  favouriteRemove(sku: $sku) { errors { code field message } } }"""
SHARE_FAVOURITES = """mutation PagesShareFavourites {
  shareFavourites { token errors { code field message } } }"""
REVOKE_SHARE = """mutation PagesRevokeShare {
  revokeFavouritesShare { errors { code field message } } }"""
SHARED_FAVOURITES = f"""query PagesSharedFavourites($token: String!) {{
  sharedFavourites(token: $token, first: 100) {{
    edges {{ node {{ product {{ sku name price {MONEY} }} }} }} }} }}"""

# B2B (the contract's names); parts a schema lacks are left out (see Site.has_field).
ORGANISATION = """query PagesOrganisation {
  viewer { locale organisationRole
    organisation { id name vatNumber paymentTerms priceList { name currency } } } }"""
MEMBERSHIPS = """query PagesMemberships {
  viewer { organisations { role organisation { id name } } } }"""
MEMBERS = """query PagesMembers {
  viewer { organisation { members(first: 100) { edges { node { id email fullName role } } } } } }"""
ORGANISATION_ORDERS = f"""query PagesOrganisationOrders {{
  viewer {{ email organisation {{ orders(first: 20) {{ edges {{ node {{
    number placedAt email total {MONEY} paymentStatus fulfilmentStatus }} }} }} }} }} }}"""
SET_ACTIVE_ORGANISATION = """mutation PagesSetActiveOrganisation($id: ID) {
  setActiveOrganisation(organisationId: $id) { errors { code field message } } }"""
ORGANISATION_INVITE = """mutation PagesOrganisationInvite($email: String!,
    $role: OrganisationRole!) {
  organisationInvite(email: $email, role: $role) { errors { code field message } } }"""
MEMBER_UPDATE = """mutation PagesMemberUpdate($id: ID!, $role: OrganisationRole!) {
  organisationMemberUpdate(memberId: $id, role: $role) { errors { code field message } } }"""
MEMBER_REMOVE = """mutation PagesMemberRemove($id: ID!) {
  organisationMemberRemove(memberId: $id) { errors { code field message } } }"""
SIGNED_IN_AS = "query PagesSignedInAs { viewer { email locale } }"
ACCEPT_INVITATION = f"""mutation PagesAcceptInvitation($token: String!, $fullName: String,
    $password: String) {{
  acceptOrganisationInvitation(token: $token, fullName: $fullName, password: $password) {{
    {AUTH} }} }}"""


def order_status_query(extra: str) -> str:
    return f"""query PagesOrderStatus($token: String!) {{
  orderStatus(token: $token) {{ {ORDER_FIELDS} {extra} }} }}"""
