/** Word lists the demo generator combines into realistic customer and item names. */

export const FIRST_NAMES = [
  'Aarav', 'Aditi', 'Akash', 'Ananya', 'Arjun', 'Deepa', 'Divya', 'Farhan', 'Gaurav', 'Ishaan',
  'Kavya', 'Karan', 'Lakshmi', 'Manish', 'Meera', 'Neha', 'Nikhil', 'Pooja', 'Priya', 'Rahul',
  'Rajesh', 'Rohan', 'Sanjay', 'Sneha', 'Suresh', 'Tanvi', 'Varun', 'Vikram', 'Zoya', 'Amit',
  'Emma', 'Liam', 'Olivia', 'Noah', 'Sofia', 'Lucas', 'Amara', 'Kwame', 'Yuki', 'Mateo',
  'Fatima', 'Omar', 'Chen', 'Mei', 'Hannah', 'David', 'Elena', 'Marco', 'Aisha', 'Samuel',
] as const

export const LAST_NAMES = [
  'Sharma', 'Verma', 'Iyer', 'Nair', 'Reddy', 'Patel', 'Shah', 'Mehta', 'Gupta', 'Singh',
  'Kapoor', 'Chatterjee', 'Banerjee', 'Das', 'Bose', 'Menon', 'Pillai', 'Rao', 'Joshi', 'Kulkarni',
  'Desai', 'Malhotra', 'Chopra', 'Agarwal', 'Mishra', 'Pandey', 'Khan', 'Qureshi', 'Fernandes', 'DSouza',
  'Smith', 'Johnson', 'Brown', 'Garcia', 'Martin', 'Rossi', 'Müller', 'Dubois', 'Tanaka', 'Okafor',
  'Mensah', 'Silva', 'Kim', 'Nguyen', 'Cohen', 'Haddad', 'Novak', 'Larsen', 'Walker', 'Lopez',
] as const

export const COMPANY_STEMS = [
  'Acme', 'Sunrise', 'Bluefield', 'Northwind', 'Lotus', 'Meridian', 'Saffron', 'Everest', 'Harbor', 'Crescent',
  'Evergreen', 'Silverline', 'Pinnacle', 'Horizon', 'Kaveri', 'Ganga', 'Indus', 'Vertex', 'Orchid', 'Banyan',
  'Peacock', 'Monsoon', 'Himalaya', 'Coral', 'Sapphire', 'Trident', 'Zenith', 'Aurora', 'Cedar', 'Falcon',
  'Granite', 'Jasmine', 'Keystone', 'Lighthouse', 'Maple', 'Nimbus', 'Oasis', 'Prism', 'Quartz', 'Redwood',
  'Summit', 'Tulsi', 'Unity', 'Vista', 'Willow', 'Yamuna', 'Zephyr', 'Amber', 'Beacon', 'Compass',
] as const

export const COMPANY_SUFFIXES = [
  'Traders', 'Enterprises', 'Industries', 'Retail', 'Stores', 'Distributors', 'Pvt Ltd', 'Exports',
  'Supplies', 'Hospitality', 'Foods', 'Textiles', 'Hardware', 'Electronics', 'Pharma', 'Logistics',
] as const

export const GOVERNMENT_TEMPLATES = [
  'Municipal Corporation of {city}', 'Public Works Department, {city}', '{city} District Hospital',
  'Government Polytechnic, {city}', '{city} Water Supply Board', 'State Transport Depot, {city}',
] as const

export const CITIES: Readonly<Record<string, readonly string[]>> = {
  North: ['Delhi', 'Chandigarh', 'Lucknow', 'Jaipur', 'Amritsar', 'Dehradun', 'Shimla'],
  South: ['Chennai', 'Bengaluru', 'Hyderabad', 'Kochi', 'Mysuru', 'Madurai', 'Coimbatore'],
  East: ['Kolkata', 'Bhubaneswar', 'Patna', 'Guwahati', 'Ranchi', 'Siliguri'],
  West: ['Mumbai', 'Pune', 'Ahmedabad', 'Surat', 'Panaji', 'Nagpur', 'Indore'],
  'Rest Of The World': ['Dubai', 'Singapore', 'London', 'Nairobi', 'Toronto', 'Sydney'],
}

export const PRODUCT_NOUNS = [
  'Desk Lamp', 'Office Chair', 'Water Bottle', 'Notebook', 'Ballpoint Pen', 'Backpack', 'Steel Tumbler',
  'Wall Clock', 'Ceiling Fan', 'LED Bulb', 'Extension Cord', 'Pressure Cooker', 'Bedsheet', 'Bath Towel',
  'Umbrella', 'Lunch Box', 'Phone Charger', 'Bluetooth Speaker', 'Keyboard', 'Wireless Mouse',
  'Monitor Stand', 'Filing Cabinet', 'Whiteboard', 'Stapler', 'Tea Kettle', 'Yoga Mat', 'Cricket Bat',
  'Football', 'Cycle Helmet', 'Tool Kit',
] as const

export const PRODUCT_ADJECTIVES = ['Classic', 'Deluxe', 'Compact', 'Premium', 'Eco', 'Heavy Duty', 'Mini', 'Pro', 'Smart', 'Standard'] as const

export const PRODUCT_VARIANTS = ['Black', 'White', 'Blue', 'Red', 'Green', 'Grey', 'Silver', 'Brown', 'Orange', 'Small', 'Medium', 'Large'] as const

export const SERVICE_KINDS = ['Installation', 'Annual Maintenance', 'Repair', 'Consulting', 'Delivery', 'Training', 'Site Survey', 'Deep Cleaning', 'Calibration', 'Support'] as const

export const SERVICE_SUBJECTS = ['Air Conditioner', 'Ceiling Fan', 'Computer', 'Network', 'Printer', 'Plumbing', 'Electrical', 'Furniture', 'Software', 'CCTV'] as const

export const SERVICE_TIERS = ['Basic', 'Standard', 'Premium', 'Express', 'On-site', 'Remote', 'Weekend'] as const

/** Raw materials with the specifications they come in. */
export const RAW_MATERIALS: readonly (readonly [string, readonly string[]])[] = [
  ['Steel Rod', ['8 mm', '10 mm', '12 mm', '16 mm', '20 mm', '25 mm']],
  ['Copper Wire', ['0.5 mm', '1 mm', '1.5 mm', '2.5 mm', '4 mm']],
  ['Aluminium Sheet', ['0.8 mm', '1 mm', '1.5 mm', '2 mm', '3 mm']],
  ['Cotton Yarn', ['20s Count', '30s Count', '40s Count', '60s Count']],
  ['PVC Granules', ['Rigid', 'Flexible', 'Food Grade']],
  ['Teak Wood', ['Plank 1 in', 'Plank 2 in', 'Beam 4x4', 'Beam 6x6']],
  ['Cement', ['OPC 43', 'OPC 53', 'PPC']],
  ['River Sand', ['Fine', 'Coarse', 'Washed']],
  ['Glass Sheet', ['4 mm', '5 mm', '6 mm', '8 mm', '10 mm']],
  ['Rubber Sheet', ['3 mm', '5 mm', '10 mm']],
  ['Nylon Thread', ['Tex 40', 'Tex 70', 'Tex 135']],
  ['Paint Base', ['Matt', 'Satin', 'Gloss']],
  ['Brass Fitting', ['1/2 in', '3/4 in', '1 in']],
  ['Granite Slab', ['Black Galaxy', 'Tan Brown', 'Kashmir White']],
  ['Plywood', ['6 mm', '9 mm', '12 mm', '18 mm', '25 mm']],
]

export const RAW_GRADES = ['Grade A', 'Grade B', 'Industrial', 'Premium', 'Recycled'] as const
